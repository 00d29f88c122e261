"""Helpers for tests that run `summarise` in a child process and kill it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from summarise.store import Store
from tests.conftest import REPO


def child_env() -> dict[str, str]:
    """The test's environment (network variables already cleared), importing this checkout."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def batch_command(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "summarise", "batch", "--db", str(db), "-q", *args]


def start(command: list[str], **kwargs: object) -> subprocess.Popen[str]:
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        command, cwd=REPO, env=child_env(), text=True, **kwargs
    )


def integrity_problems(db: Path) -> list[str]:
    """Every way the stored claims could be damaged, as readable lines (empty when sound)."""
    problems: list[str] = []
    with Store.open(db) as store:
        duplicates = list(
            store.db.query(
                "SELECT document_id, quote_start, quote_end, text, count(*) AS n FROM claims "
                "GROUP BY document_id, quote_start, quote_end, text HAVING n > 1"
            )
        )
        problems += [f"duplicate claim: {row}" for row in duplicates]
        orphans = list(
            store.db.query(
                "SELECT claims.id FROM claims LEFT JOIN documents ON documents.id = "
                "claims.document_id WHERE documents.id IS NULL"
            )
        )
        problems += [f"claim without a document: {row['id']}" for row in orphans]
        unrecorded = list(
            store.db.query(
                "SELECT DISTINCT claims.document_id FROM claims LEFT JOIN extractions ON "
                "extractions.document_id = claims.document_id AND extractions.backend = "
                "claims.backend AND extractions.model = claims.model AND "
                "extractions.prompt_version = claims.prompt_version "
                "WHERE extractions.document_id IS NULL"
            )
        )
        problems += [f"claims but no extraction row: {row['document_id']}" for row in unrecorded]
        texts = {d.id: d.text for d in store.documents()}
        for claim in store.iter_claims():
            if texts[claim.document_id][claim.quote_start : claim.quote_end] != claim.quote:
                problems.append(f"ungrounded claim: {claim.id}")
    return problems
