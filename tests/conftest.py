"""Shared fixtures. `seed_documents` builds Documents from seeds/ the way ingest will.

Kept in one place so the real `summarise/ingest.py` can replace `load_seed` later.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from summarise.boilerplate import strip_boilerplate
from summarise.models import Document

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
_DATE_HEADER = re.compile(r"\s*date (\d{4}-\d{2}-\d{2})\s*")


def load_seed(path: Path) -> Document:
    """Read a seed as ingest will: UTF-8, no BOM, LF, no date header, no boilerplate."""
    text = path.read_bytes().decode("utf-8")
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    published = None
    header = _DATE_HEADER.match(text)
    if header:
        published = header.group(1)
        text = text[header.end() :]
    text, removed = strip_boilerplate(text)
    text = text.strip()
    return Document(
        id=Document.id_for(text),
        source=str(path.relative_to(SEEDS.parent)),
        published=published,
        text=text,
        boilerplate_removed=removed,
    )


@pytest.fixture(scope="session")
def seed_documents() -> dict[str, Document]:
    """Seed file name -> Document, for every seeds/*.txt."""
    return {path.name: load_seed(path) for path in sorted(SEEDS.glob("*.txt"))}
