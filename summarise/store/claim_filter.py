"""Which claims a query selects, as one SQL condition shared by listing, counting and paging."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims a query selects; None means any.

    `search` matches whole words (the last one also as a prefix: "attack" finds "attacks")
    through the claims' FTS5 index; text with no word in it ("%") falls back to a substring
    scan.
    `split` (k, n) keeps the documents whose position in the database is k modulo n (k from
    1), so n reviewers can divide a batch by document. `free_for` leaves out claims another
    reviewer than this one holds a live lease on.
    """

    status: str | None = None
    document_id: str | None = None
    kind: str | None = None
    search: str | None = None
    story_id: int | None = None
    split: tuple[int, int] | None = None
    free_for: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        for column in ("status", "document_id", "kind"):
            value = getattr(self, column)
            if value:
                clauses.append(f"claims.{column} = ?")
                params.append(value)
        if self.story_id is not None:
            # A subquery on document_stories' story index, then claims' document index: the
            # list stays paged by rowid like every other filter.
            clauses.append(
                "claims.document_id IN (SELECT document_id FROM document_stories "
                "WHERE story_id = ?)"
            )
            params.append(self.story_id)
        if self.split is not None:
            part, parts = self.split
            clauses.append("claims.document_id IN (SELECT id FROM documents WHERE rowid % ? = ?)")
            params += [parts, part % parts]
        if self.free_for is not None:
            clauses.append(
                "claims.id NOT IN (SELECT claim_id FROM claim_leases WHERE reviewer != ? "
                "AND expires_at > ?)"
            )
            params += [self.free_for, time.time()]
        if self.search:
            query = fts_query(self.search)
            if query:
                clauses.append(
                    "claims.rowid IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)"
                )
                params.append(query)
            else:
                clauses.append(
                    "(claims.text LIKE ? ESCAPE '\\' OR claims.attribution LIKE ? "
                    "ESCAPE '\\' OR claims.quote LIKE ? ESCAPE '\\')"
                )
                pattern = "%" + _escape_like(self.search) + "%"
                params += [pattern, pattern, pattern]
        return (" AND ".join(clauses) or "1"), params


def fts_query(search: str) -> str:
    """Every word of `search` as a quoted term (all must match), so user text can never be
    read as FTS5 syntax; the last word also matches as a prefix ("hostage" finds "hostages")
    when it has three characters or more (a prefix of one or two matches half the index).
    "" when the search has no word."""
    words = _WORD.findall(search)
    terms = [f'"{word}"' for word in words]
    if words and len(words[-1]) >= 3:
        terms[-1] += "*"
    return " ".join(terms)


def parse_split(text: str) -> tuple[int, int]:
    """'2/3' -> (2, 3); ValueError with a one-line reason otherwise."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not match:
        raise ValueError(f"--split takes K/N, e.g. 1/3, not {text!r}")
    part, parts = int(match[1]), int(match[2])
    if not 1 <= part <= parts:
        raise ValueError(f"--split {text}: K must be between 1 and N")
    return part, parts


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
