"""The main screen as a reviewer first sees it, at 80x24 and 120x40 (fixed data, no clock).

Update after a deliberate change with `pytest tests/tui --snapshot-update`, and look at the
new SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from summarise.tui import create_app
from tests.tui.helpers import seed_database


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_main_screen(snap_compare, db_path: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    seed_database(db_path)
    app = create_app(str(db_path), "ann")
    # Two decisions so the snapshot shows every status and the progress line moving.
    assert snap_compare(app, press=["a", "r", "1", "j"], terminal_size=size)
