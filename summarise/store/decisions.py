"""Reviewer decisions: each one a single transaction that updates the claim and appends to
`reviews`, refused when the claim changed since the reviewer saw it."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any, Required, TypedDict, Unpack

import sqlite_utils

from summarise.models import ClaimStatus, Figure, Review, ReviewAction
from summarise.store.connection import StoreError, explain, now, write_transaction
from summarise.store.records import review_from_row


class StaleDecision(StoreError):
    """The claim changed (another reviewer, or a rerun) since it was shown: refuse, refresh."""

    def __init__(self, claim_id: str, expected: int, actual: int | None) -> None:
        what = "was deleted" if actual is None else f"is at version {actual}, not {expected}"
        super().__init__(
            f"claim {claim_id} changed since it was shown ({what}); refresh and decide again"
        )
        self.claim_id = claim_id
        self.actual = actual


class InvalidDecision(StoreError):
    pass


class AlreadyDecided(InvalidDecision):
    """The claim already has the status asked for: nothing is written (no no-op rows)."""

    def __init__(self, claim_id: str, status: str, by: str | None) -> None:
        who = f" by {by}" if by else ""
        super().__init__(f"claim {claim_id} is already {status}{who}; nothing saved")
        self.claim_id = claim_id


_STATUS_AFTER = {
    ReviewAction.ACCEPT: ClaimStatus.ACCEPTED,
    ReviewAction.REJECT: ClaimStatus.REJECTED,
    ReviewAction.EDIT: ClaimStatus.ACCEPTED,
}


class DecisionOptions(TypedDict, total=False):
    """Who decides, on which version of the claim, and how: the keyword arguments of
    `decide`, written once here for it and for `Store.decide`, which passes them on."""

    reviewer: Required[str]
    expected_version: Required[int]
    text: str | None  # an edit's new claim text
    reason: str | None  # a rejection's reason
    span: tuple[int, int] | None  # re-anchor the quote on this part of the document
    # An edit's figures read from the new text (the store reads no numbers itself); written
    # to `claims.figures` in the edit's transaction. None leaves the figures as they are.
    figures: Sequence[Figure] | None


def decide(
    db: sqlite_utils.Database,
    claim_id: str,
    action: ReviewAction,
    **options: Unpack[DecisionOptions],
) -> Review:
    """Accept, reject or edit (edit keeps the new text and accepts). `span` re-anchors the
    quote on another part of the same document."""
    reviewer, expected_version = options["reviewer"], options["expected_version"]
    text, reason, span = options.get("text"), options.get("reason"), options.get("span")
    if action is ReviewAction.UNDO:
        raise InvalidDecision("use undo() to undo a decision")
    if action is ReviewAction.EDIT and not (text and text.strip()):
        raise InvalidDecision("an edit needs the new claim text")
    with _writing(db):
        claim = _current(db, claim_id, expected_version)
        _refuse_no_op(db, claim, action)
        new_text = text.strip() if action is ReviewAction.EDIT and text else claim["text"]
        start, end = span if span else (claim["quote_start"], claim["quote_end"])
        changes: dict[str, Any] = {
            "status": _STATUS_AFTER[action].value,
            "text": new_text,
            "quote_start": start,
            "quote_end": end,
        }
        if new_text != claim["text"] and claim["original_text"] is None:
            changes["original_text"] = claim["text"]
        if span:
            changes["quote"] = _document_span(db, claim["document_id"], start, end)
        figures = options.get("figures")
        if action is ReviewAction.EDIT and figures is not None:
            changes["figures"] = figures_json(figures)
        return _decision(db, claim, changes, action, reviewer, reason)


def decide_in_transaction(
    db: sqlite_utils.Database,
    claim_id: str,
    action: ReviewAction,
    *,
    reviewer: str,
    expected_version: int,
    reason: str | None = None,
    group_id: int | None = None,
) -> Review:
    """Accept or reject inside a transaction the caller holds, so that several decisions and
    the record that explains them (a conflict resolution) commit or fail together; `group_id`
    makes them one undoable action."""
    if action not in (ReviewAction.ACCEPT, ReviewAction.REJECT):
        raise InvalidDecision(f"{action.value} cannot be part of a combined decision")
    claim = _current(db, claim_id, expected_version)
    changes: dict[str, Any] = {"status": _STATUS_AFTER[action].value, "text": claim["text"]}
    return _decision(db, claim, changes, action, reviewer, reason, group_id)


def start_group(db: sqlite_utils.Database, reviewer: str, kind: str, label: str) -> int:
    """A decision group (inside the caller's transaction): its reviews are undone together."""
    groups = db.table("decision_groups").insert(
        {"reviewer": reviewer, "kind": kind, "label": label, "created_at": now()}
    )
    return int(groups.last_rowid or 0)


def accept_all(
    db: sqlite_utils.Database,
    claims: Sequence[tuple[str, int]],
    *,
    reviewer: str,
    label: str,
) -> tuple[int, list[Review]]:
    """Accept every (claim id, version as shown) in one transaction and one undoable group;
    claims no longer pending are passed over, a changed version refuses the whole group."""
    with _writing(db):
        group = start_group(db, reviewer, "bulk", label)
        reviews = []
        for claim_id, version in claims:
            claim = _current(db, claim_id, version)
            if claim["status"] != ClaimStatus.PENDING.value:
                continue
            changes: dict[str, Any] = {"status": ClaimStatus.ACCEPTED.value, "text": claim["text"]}
            reviews.append(
                _decision(db, claim, changes, ReviewAction.ACCEPT, reviewer, None, group)
            )
        if not reviews:
            raise InvalidDecision("no pending claims to accept")
    return group, reviews


def _refuse_no_op(db: sqlite_utils.Database, claim: dict[str, Any], action: ReviewAction) -> None:
    if action is ReviewAction.EDIT or claim["status"] != _STATUS_AFTER[action].value:
        return
    row = db.execute(
        "SELECT reviewer FROM reviews WHERE claim_id = ? ORDER BY id DESC LIMIT 1", [claim["id"]]
    ).fetchone()
    raise AlreadyDecided(claim["id"], claim["status"], row[0] if row else None)


def _decision(
    db: sqlite_utils.Database,
    claim: dict[str, Any],
    changes: dict[str, Any],
    action: ReviewAction,
    reviewer: str,
    reason: str | None,
    group_id: int | None = None,
) -> Review:
    # Only a rejection carries a reason.
    reason = reason if action is ReviewAction.REJECT else None
    return _apply(
        db,
        claim,
        changes,
        action=action,
        reviewer=reviewer,
        reason=reason,
        undoes=None,
        group_id=group_id,
    )


def figures_json(figures: Sequence[Figure]) -> str:
    """`claims.figures` as the extraction writes it."""
    return json.dumps([f.model_dump() for f in figures], ensure_ascii=False)


def undo(
    db: sqlite_utils.Database,
    review_id: int,
    *,
    reviewer: str,
    expected_version: int,
    figures: Sequence[Figure] | None = None,
) -> Review:
    """Put a claim back as it was before `review_id`, recording the undo as a review;
    `figures` are those of the restored text (an edit's undo), written in the same
    transaction."""
    with _writing(db):
        return undo_in_transaction(
            db, review_id, reviewer=reviewer, expected_version=expected_version, figures=figures
        )


def undo_in_transaction(
    db: sqlite_utils.Database,
    review_id: int,
    *,
    reviewer: str,
    expected_version: int | None = None,
    group_id: int | None = None,
    figures: Sequence[Figure] | None = None,
) -> Review:
    """The undo of one review inside the caller's transaction. Without `expected_version`,
    the review must still be the last word on its claim (nobody decided it since)."""
    rows = list(db.query("SELECT * FROM reviews WHERE id = ?", [review_id]))
    if not rows:
        raise InvalidDecision(f"no decision {review_id} to undo")
    previous = rows[0]
    if previous["action"] == ReviewAction.UNDO.value:
        raise InvalidDecision(f"decision {review_id} is itself an undo")
    if expected_version is None:
        latest = db.execute(
            "SELECT max(id) FROM reviews WHERE claim_id = ?", [previous["claim_id"]]
        ).fetchone()[0]
        version = db.execute(
            "SELECT version FROM claims WHERE id = ?", [previous["claim_id"]]
        ).fetchone()
        if latest != review_id or version is None:
            raise StaleDecision(previous["claim_id"], -1, version[0] if version else None)
        expected_version = int(version[0])
    claim = _current(db, previous["claim_id"], expected_version)
    changes: dict[str, Any] = {
        "status": previous["status_before"],
        "text": previous["text_before"],
    }
    if previous["quote_start_before"] is not None:
        start, end = previous["quote_start_before"], previous["quote_end_before"]
        changes.update(
            quote_start=start,
            quote_end=end,
            quote=_document_span(db, claim["document_id"], start, end),
        )
    if changes["text"] == claim["original_text"]:
        changes["original_text"] = None
    if figures is not None:
        changes["figures"] = figures_json(figures)
    return _apply(
        db,
        claim,
        changes,
        action=ReviewAction.UNDO,
        reviewer=reviewer,
        reason=None,
        undoes=review_id,
        group_id=group_id,
    )


def _writing(db: sqlite_utils.Database) -> Any:
    return write_transaction(db, _path_of(db))


def _path_of(db: sqlite_utils.Database) -> str:
    row = db.execute("PRAGMA database_list").fetchone()
    return row[2] if row else ""


def _current(db: sqlite_utils.Database, claim_id: str, expected_version: int) -> dict[str, Any]:
    rows = list(db.query("SELECT * FROM claims WHERE id = ?", [claim_id]))
    if not rows:
        raise StaleDecision(claim_id, expected_version, None)
    claim = rows[0]
    if claim["version"] != expected_version:
        raise StaleDecision(claim_id, expected_version, claim["version"])
    return claim


def _document_span(db: sqlite_utils.Database, document_id: str, start: int, end: int) -> str:
    row = db.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()
    text = row[0] if row else ""
    if not (0 <= start < end <= len(text)):
        raise InvalidDecision(f"span {start}:{end} is outside the document ({len(text)} chars)")
    return text[start:end]


def _apply(
    db: sqlite_utils.Database,
    claim: dict[str, Any],
    changes: dict[str, Any],
    *,
    action: ReviewAction,
    reviewer: str,
    reason: str | None,
    undoes: int | None,
    group_id: int | None = None,
) -> Review:
    decided_at = now()
    moved = (
        changes.get("quote_start", claim["quote_start"]) != claim["quote_start"]
        or changes.get("quote_end", claim["quote_end"]) != claim["quote_end"]
    )
    assignments = ", ".join(f"[{column}] = ?" for column in changes)
    try:
        cursor = db.execute(
            f"UPDATE claims SET {assignments}, version = version + 1, updated_at = ? "
            "WHERE id = ? AND version = ?",
            [*changes.values(), decided_at, claim["id"], claim["version"]],
        )
        if cursor.rowcount != 1:
            raise StaleDecision(claim["id"], claim["version"], None)
        review = {
            "claim_id": claim["id"],
            "reviewer": reviewer,
            "action": action.value,
            "decided_at": decided_at,
            "status_before": claim["status"],
            "status_after": changes["status"],
            "text_before": claim["text"],
            # Only a changed text is stored again: NULL means "as text_before".
            "text_after": changes["text"] if changes["text"] != claim["text"] else None,
            "reason": reason,
            "undoes": undoes,
            "quote_start_before": claim["quote_start"] if moved else None,
            "quote_end_before": claim["quote_end"] if moved else None,
            "quote_start_after": changes.get("quote_start") if moved else None,
            "quote_end_after": changes.get("quote_end") if moved else None,
            "group_id": group_id,
        }
        columns = ", ".join(f"[{c}]" for c in review)
        marks = ", ".join("?" for _ in review)
        cursor = db.execute(
            f"INSERT INTO reviews ({columns}) VALUES ({marks})", list(review.values())
        )
    except sqlite3.IntegrityError as exc:
        raise InvalidDecision(str(exc)) from exc
    except sqlite3.OperationalError as exc:
        raise explain(exc, _path_of(db), db=db) from exc
    return review_from_row({"id": cursor.lastrowid, **review})
