"""The review app starts without the model stack: the first screen must not wait for
openai/instructor (or the dialogs and the analysis, imported when first used)."""

from __future__ import annotations

import json
import subprocess
import sys


def test_the_review_app_imports_neither_the_model_stack_nor_its_dialogs() -> None:
    code = (
        "import json, sys\n"
        "import summarise.cli.review, summarise.tui.app\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('openai', 'instructor', 'httpx') or m.startswith(('summarise.tui.screens.', "
        "'summarise.analysis')))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = json.loads(done.stdout)
    assert not [m for m in loaded if m.split(".")[0] in ("openai", "instructor", "httpx")]
    dialogs = {
        "summarise.tui.screens.edit",
        "summarise.tui.screens.filter",
        "summarise.tui.screens.conflict",
        "summarise.tui.screens.help",
    }
    assert not dialogs & set(loaded)
