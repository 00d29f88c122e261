"""How the summary shows where each document was read from.

`documents.source` holds the path exactly as the batch was given it, often absolute, which
says more about the analyst's machine (home folder, user name) than a shared summary should.
By default a path under the current directory is shown relative to it and any other path by
its file name alone; `--paths absolute` shows what was stored.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath
from typing import Literal

from summarise.output.summary.model import StorySummary

PathStyle = Literal["relative", "absolute"]
PATH_STYLES: tuple[PathStyle, ...] = ("relative", "absolute")


def shown_source(source: str, style: PathStyle = "relative", cwd: Path | None = None) -> str:
    """`source` as the summary prints it: see the module docstring."""
    if style == "absolute" or source in ("-", "<stdin>"):
        return source
    here = (cwd or Path.cwd()).resolve()
    try:
        full = Path(os.path.abspath(here / source))
        return full.relative_to(here).as_posix()
    except (ValueError, OSError):
        return PurePath(source).name or source


def with_paths(story: StorySummary, style: PathStyle = "relative") -> StorySummary:
    """`story` with each document's source shown in `style` (changed in place, returned)."""
    for document in story.documents:
        document.source = shown_source(document.source, style)
    return story
