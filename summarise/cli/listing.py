"""How a listing leaves a command: text for people, or JSON, newline-delimited JSON or CSV
for scripts, chosen by one shared set of flags.

Every listing command (`stories`, `conflicts`, `jobs`, `stats`, `logs`, `history`, `figures`, and
any new one) takes its flags from `listing_options(...)` and writes through `emit(...)`, so the same
flag means the same thing everywhere:

    @listing_options("json", "nl", "csv")
    def mine(fmt: str, ...):
        rows = [...]                                  # pydantic models or plain dicts
        emit(rows, fmt, text=lambda: render(rows))    # text only when no flag was given

--json prints one JSON array (or one object, for a single-record command like `stats`),
--nl one JSON object per line (streams: `jq`, `sqlite-utils insert --nl`), --csv a header and
one row per record (nested values as JSON), each cell guarded against spreadsheet formulas.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import click
from pydantic import BaseModel

from summarise.output.export import guard_formula
from summarise.output.terminal import for_terminal, json_for_terminal

TEXT = "text"
F = TypeVar("F", bound=Callable[..., Any])

_FLAGS = {
    "json": "Print JSON for scripts (the shape is in docs/commands.md).",
    "nl": "Print newline-delimited JSON: one record per line.",
    "csv": "Print CSV: a header, then one row per record (nested values as JSON).",
}


def listing_options(*formats: str) -> Callable[[F], F]:
    """--json, --nl and/or --csv, all filling one `fmt` parameter ("text" by default)."""
    unknown = set(formats) - set(_FLAGS)
    if unknown:
        raise ValueError(f"unknown listing formats: {sorted(unknown)}")

    def decorate(function: F) -> F:
        for name in reversed(formats):
            function = click.option(f"--{name}", "fmt", flag_value=name, help=_FLAGS[name])(
                function
            )
        # The default, declared last so that no flag given means text.
        return click.option("--text", "fmt", flag_value=TEXT, default=True, hidden=True)(function)

    return decorate


def plain(record: BaseModel | dict[str, Any]) -> dict[str, Any]:
    """A record as JSON-ready data (dates and enums as strings)."""
    if isinstance(record, BaseModel):
        return record.model_dump(mode="json")
    return json.loads(json.dumps(record, default=str))


def emit(
    records: Iterable[BaseModel | dict[str, Any]] | BaseModel | dict[str, Any],
    fmt: str,
    *,
    text: Callable[[], str] | None = None,
    model: type[BaseModel] | None = None,
) -> None:
    """Write `records` in `fmt`; for "text" print `text()` (already safe for a terminal).
    `model`: the record's model, so that an empty CSV still has its header."""
    if fmt == TEXT:
        if text is not None:
            click.echo(text())
        return
    out = sys.stdout
    if isinstance(records, (BaseModel, dict)):
        single = plain(records)
        if fmt == "json":
            out.write(_safe(json.dumps(single, indent=2, ensure_ascii=False), out) + "\n")
        elif fmt == "nl":
            out.write(_safe(json.dumps(single, ensure_ascii=False), out) + "\n")
        else:
            write_csv([single], out)
        return
    if fmt == "json":
        # Written record by record, exactly as json.dumps(list, indent=2) would write the list.
        count = 0
        for record in records:
            body = json.dumps(plain(record), indent=2, ensure_ascii=False)
            out.write(("[\n  " if not count else ",\n  ") + _safe(body.replace("\n", "\n  "), out))
            count += 1
        out.write("\n]\n" if count else "[]\n")
    elif fmt == "nl":
        for record in records:  # streamed: a long listing is never held whole
            out.write(_safe(json.dumps(plain(record), ensure_ascii=False), out) + "\n")
    else:
        write_csv((plain(r) for r in records), out, list(model.model_fields) if model else None)


def _safe(text: str, out: Any) -> str:
    """JSON bound for a terminal has its C1, bidi and invisible characters \\u-escaped (the
    same JSON once parsed); piped to a file or a program, it is left exactly as it is."""
    isatty = getattr(out, "isatty", None)
    return json_for_terminal(text) if isatty is not None and isatty() else text


def write_csv(rows: Iterable[dict[str, Any]], out: Any, columns: list[str] | None = None) -> None:
    """CSV of flat records: `columns` (else the first record's keys) are the header; lists
    and objects become JSON text; every text cell is guarded against formulas (as in
    output/export.py)."""
    writer: csv.DictWriter[str] | None = None
    if columns is not None:
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
        writer.writeheader()
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(row), lineterminator="\r\n")
            writer.writeheader()
        writer.writerow({key: _cell(value) for key, value in row.items()})


def _cell(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        value = json.dumps(value, ensure_ascii=False)
    return guard_formula(value) if isinstance(value, str) else value


def safe_lines(lines: Iterable[str]) -> str:
    """Text for a terminal: each line of untrusted text one visible line."""
    return "\n".join(for_terminal(line) for line in lines)
