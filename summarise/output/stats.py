"""What is in a database: documents, claims by status and kind, extractions, runs, tokens."""

from __future__ import annotations

from typing import Any

from summarise.store import Store


def collect(store: Store) -> dict[str, Any]:
    reports = store.reports
    claims_by_status = store.status_counts()
    stories = [
        {
            "id": story.id,
            "title": story.label,
            "documents": story.documents,
            "first_published": story.first_published,
            "last_published": story.last_published,
            "follows": story.follows,
            "open_conflicts": reports.open_conflict_count(story.id),
        }
        for story in store.stories.list()
    ]
    total = sum(claims_by_status.values())
    calls_by_status = reports.calls_by_status()
    return {
        "database": store.path,
        "documents": reports.document_count(),
        "claims": {"total": total, **claims_by_status},
        "reviewed": total - claims_by_status.get("pending", 0),
        "kinds": reports.claims_by_kind(),
        "extractions": reports.extractions_by_key(),
        "failures": reports.failed_extractions(),
        # From the call log: every attempt of every run, failed ones included, and not lost
        # when --force replaces an extraction's row.
        "tokens": reports.call_tokens(),
        "calls": {
            "requests": sum(calls_by_status.values()),
            "failed": sum(n for status, n in calls_by_status.items() if status != "ok"),
            # Sent, but the process that sent them was killed before the reply was read.
            "lost": calls_by_status.get("lost", 0),
            "by_status": calls_by_status,
        },
        "without_claims": reports.documents_without_claims(),
        "reviewers": reports.reviewer_activity(),
        "runs": reports.recent_runs(),
        "stories": stories,
    }
