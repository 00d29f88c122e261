"""Which claims a query selects, as one SQL condition shared by listing, counting and paging."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims a query selects; None means any."""

    status: str | None = None
    document_id: str | None = None
    kind: str | None = None
    search: str | None = None
    story_id: int | None = None

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
        if self.search:
            clauses.append(
                "(claims.text LIKE ? ESCAPE '\\' OR claims.attribution LIKE ? "
                "ESCAPE '\\' OR claims.quote LIKE ? ESCAPE '\\')"
            )
            pattern = "%" + _escape_like(self.search) + "%"
            params += [pattern, pattern, pattern]
        return (" AND ".join(clauses) or "1"), params


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
