"""The layering rules, checked: headless code never drags in the UI or model libraries, and
each third-party library is imported only behind its seam."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "summarise"

SEAMS = {
    "textual": "summarise/tui/",
    "instructor": "summarise/backends/openai",
    "openai": "summarise/backends/openai",
    "sqlite_utils": "summarise/store/",
    "sqlite3": "summarise/store/",
}


def _imports(module: str) -> set[str]:
    code = f"import sys, {module}; print(' '.join(sorted(m.split('.')[0] for m in sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    return set(done.stdout.split())


@pytest.mark.parametrize(
    "module",
    [
        "summarise.cli",
        "summarise.tui.session",
        "summarise.pipeline.runner",
        "summarise.backends.regex.backend",
        "summarise.store",
        "summarise.output.export",
        "summarise.output.stats",
    ],
)
def test_headless_modules_do_not_import_ui_or_model_libraries(module: str) -> None:
    loaded = _imports(module)
    assert "textual" not in loaded
    assert "instructor" not in loaded
    assert "openai" not in loaded


def test_models_import_nothing_from_the_package() -> None:
    source = (PACKAGE / "models.py").read_text(encoding="utf-8")
    assert not re.search(r"^\s*(from|import) summarise", source, re.MULTILINE)


@pytest.mark.parametrize("library", sorted(SEAMS))
def test_third_party_libraries_stay_behind_their_seam(library: str) -> None:
    pattern = re.compile(rf"^\s*(from|import) {library}\b", re.MULTILINE)
    offenders = [
        str(path.relative_to(REPO))
        for path in PACKAGE.rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
        and not str(path.relative_to(REPO)).startswith(SEAMS[library])
    ]
    assert offenders == []


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    lint = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(lint), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
    )


def test_import_contracts_hold() -> None:
    done = _lint_imports(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("store/_leak.py", "import textual\n", "Textual only under tui/"),
        ("output/_leak.py", "import sqlite3\n", "SQLite only under store/"),
        ("analysis/_leak.py", "import openai\n", "The model stack only under backends/openai/"),
        ("store/_leak.py", "from summarise.tui import session\n", "Layers"),
        ("resources.py", "from summarise.backends import registry\n", "Layers"),
        ("vocabulary.py", "from summarise.analysis import terms\n", "Layers"),
    ],
)
def test_breaking_a_contract_fails_the_check(
    tmp_path: Path, module: str, line: str, contract: str
) -> None:
    shutil.copytree(PACKAGE, tmp_path / "summarise", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "summarise" / module).write_text(line, encoding="utf-8")
    done = _lint_imports(tmp_path)
    assert done.returncode != 0
    assert f"{contract}" in done.stdout and "BROKEN" in done.stdout


def _modules(package: Path) -> list[str]:
    """Every module under the package by dotted name (a package by its own name)."""
    names = []
    for path in package.rglob("*.py"):
        parts = path.relative_to(package.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return sorted(names)


def _outside_every_layer(root: Path) -> list[str]:
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    (layers,) = (
        c["layers"] for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"
    )
    tops = [part.strip() for layer in layers for part in layer.split("|")]
    return [
        name
        for name in _modules(root / "summarise")
        if name != "summarise" and not any(name == t or name.startswith(t + ".") for t in tops)
    ]


def test_every_module_is_in_a_layer_of_the_contract() -> None:
    assert _outside_every_layer(REPO) == []


def test_a_module_outside_the_layers_is_found(tmp_path: Path) -> None:
    shutil.copytree(PACKAGE, tmp_path / "summarise", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "summarise" / "stray.py").write_text('"""A stray module."""\n', encoding="utf-8")
    assert _outside_every_layer(tmp_path) == ["summarise.stray"]


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_imports(root: Path) -> list[tuple[str, str]]:
    """(file, name) for every `from X import _name` and `import X._y` under root/summarise:
    a module that needs another's private name should be given a public one instead."""
    found = []
    for path in sorted((root / "summarise").rglob("*.py")):
        where = path.relative_to(root).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                parts = (node.module or "").split(".")
                names = [a.name for a in node.names]
                found += [(where, n) for n in names if _is_private(n)]
                found += [(where, node.module or "") for p in parts if _is_private(p)]
            elif isinstance(node, ast.Import):
                found += [
                    (where, a.name) for a in node.names if any(map(_is_private, a.name.split(".")))
                ]
    return found


def test_no_module_imports_another_modules_private_names() -> None:
    assert private_imports(REPO) == []


@pytest.mark.slow  # each runs the checker on a planted tree: CI runs them
@pytest.mark.parametrize(
    ("line", "caught"),
    [
        ("from summarise.store.records import _leaked\n", "_leaked"),
        ("from summarise.store import _private_module\n", "_private_module"),
        ("import summarise.store._private_module\n", "summarise.store._private_module"),
        ("from summarise.store._private_module import helper\n", "summarise.store._private_module"),
    ],
)
def test_a_planted_private_import_is_caught(tmp_path: Path, line: str, caught: str) -> None:
    shutil.copytree(PACKAGE, tmp_path / "summarise", ignore=shutil.ignore_patterns("__pycache__"))
    module = tmp_path / "summarise" / "pipeline" / "runner.py"
    module.write_text(module.read_text(encoding="utf-8") + line, encoding="utf-8")
    assert private_imports(tmp_path) == [("summarise/pipeline/runner.py", caught)]


def test_the_store_cycle_fails_the_import_contracts(tmp_path: Path) -> None:
    # The cycle issue 19 broke: remote_batches reaching back into the Store facade, even
    # only for type checking.
    shutil.copytree(PACKAGE, tmp_path / "summarise", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    module = tmp_path / "summarise" / "store" / "remote_batches.py"
    planted = "\nif TYPE_CHECKING:\n    from summarise.store.store import Store\n"
    source = module.read_text(encoding="utf-8").replace(
        "from typing import Any\n", "from typing import TYPE_CHECKING, Any\n"
    )
    module.write_text(source + planted, encoding="utf-8")
    done = _lint_imports(tmp_path)
    assert done.returncode != 0
    assert "Store: the facade imports the store modules" in done.stdout
    assert "BROKEN" in done.stdout
