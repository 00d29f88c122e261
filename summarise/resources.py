"""Where the package finds its prompt templates and JSON Schemas, installed or not.

`prompts/` and `schemas/` live at the top of the repository; `summarise/data/` links to them
so that a built wheel carries copies inside the package.
"""

from __future__ import annotations

from pathlib import Path

_DATA = Path(__file__).resolve().parent / "data"


def prompts_dir() -> Path:
    return _DATA / "prompts"


def schemas_dir() -> Path:
    return _DATA / "schemas"


def background_table() -> Path:
    """The background word frequencies story grouping weighs terms by (analysis/background.py)."""
    return _DATA / "background_en.txt"
