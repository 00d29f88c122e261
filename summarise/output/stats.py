"""What is in a database: documents, claims by status and kind, extractions, runs, tokens."""

from __future__ import annotations

from typing import Any

from summarise.store import Store


def collect(store: Store) -> dict[str, Any]:
    claims_by_status = store.status_counts()
    kinds = {
        row["kind"]: row["n"]
        for row in store.query(
            "SELECT kind, count(*) AS n FROM claims GROUP BY kind ORDER BY n DESC, kind"
        )
    }
    extractions = store.query(
        "SELECT backend, model, prompt_version, status, count(*) AS documents, "
        "sum(claims) AS claims, sum(dropped_ungrounded) AS dropped_ungrounded, "
        "sum(prompt_tokens) AS prompt_tokens, sum(completion_tokens) AS completion_tokens, "
        "sum(calls) AS calls FROM extractions "
        "GROUP BY backend, model, prompt_version, status ORDER BY backend, model, status"
    )
    runs = store.query(
        "SELECT id, backend, model, status, started_at, ended_at, documents_read, "
        "documents_skipped, documents_failed, documents_unchanged, claims_stored, "
        "claims_dropped, prompt_tokens, completion_tokens FROM runs ORDER BY id DESC LIMIT 10"
    )
    failures = store.query(
        "SELECT e.document_id, d.source, e.error FROM extractions e "
        "JOIN documents d ON d.id = e.document_id WHERE e.status = 'failed' "
        "ORDER BY d.source LIMIT 50"
    )
    reviewers = store.query(
        "SELECT reviewer, count(*) AS decisions, max(decided_at) AS last FROM reviews "
        "GROUP BY reviewer ORDER BY decisions DESC"
    )
    stories = [
        {
            "id": story.id,
            "title": story.label,
            "documents": story.documents,
            "first_published": story.first_published,
            "last_published": story.last_published,
            "follows": story.follows,
            "open_conflicts": store.scalar(
                "SELECT count(*) FROM conflicts WHERE story_id = ? AND status = 'open'",
                [story.id],
            ),
        }
        for story in store.stories.list()
    ]
    total = sum(claims_by_status.values())
    return {
        "database": store.path,
        "documents": store.scalar("SELECT count(*) FROM documents"),
        "claims": {"total": total, **claims_by_status},
        "reviewed": total - claims_by_status.get("pending", 0),
        "kinds": kinds,
        "extractions": extractions,
        "failures": failures,
        # From the call log: every attempt of every run, failed ones included, and not lost
        # when --force replaces an extraction's row.
        "tokens": {
            "prompt": store.scalar("SELECT coalesce(sum(prompt_tokens), 0) FROM calls"),
            "completion": store.scalar("SELECT coalesce(sum(completion_tokens), 0) FROM calls"),
        },
        "calls": {
            "requests": store.scalar("SELECT count(*) FROM calls"),
            "failed": store.scalar("SELECT count(*) FROM calls WHERE status != 'ok'"),
            "by_status": {
                row["status"]: row["n"]
                for row in store.query(
                    "SELECT status, count(*) AS n FROM calls GROUP BY status ORDER BY n DESC"
                )
            },
        },
        "reviewers": reviewers,
        "runs": runs,
        "stories": stories,
    }
