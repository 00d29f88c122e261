"""The database's one timestamp format: ISO 8601 in UTC with microseconds and a +00:00 offset
("2026-12-07T16:35:51.116764+00:00"). One fixed width, so text order is time order in SQL
(`ORDER BY decided_at`, `decided_at >= '2026-12-07'`), and what Python's
`datetime.fromisoformat` and SQLite's date functions both read. `connection.now()` writes it;
anything stored from a datetime goes through `stamp`."""

from __future__ import annotations

from datetime import UTC, datetime

# SQLite GLOB for a value already in the format (the migration rewrites only the others).
PATTERN = (
    "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]."
    "[0-9][0-9][0-9][0-9][0-9][0-9]+00:00"
)


def stamp(moment: datetime) -> str:
    """`moment` in the database's format (a naive datetime is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def normalise(value: str) -> str | None:
    """An older stored timestamp ("...Z", no fraction, a space for T, another offset) in the
    database's format, or None when it is not a timestamp at all."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        return stamp(datetime.fromisoformat(text))
    except ValueError:
        return None
