"""Fixtures the review-screen tests share."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.helpers import seed_database


@pytest.fixture
def seeded(db_path: Path) -> Path:
    """A database holding the seeded documents and their claims (see seed_database)."""
    return seed_database(db_path)
