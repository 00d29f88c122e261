"""Text that `cog` writes into the docs from the code itself (`cog -r docs/*.md` to refresh;
`.ci/run` runs `cog --check`, so a changed option or key that the docs miss fails CI)."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import click
from click.testing import CliRunner

WIDTH = 100


def _commands(group: click.Group, prefix: list[str]) -> list[list[str]]:
    found: list[list[str]] = []
    context = click.Context(group)
    for name in group.list_commands(context):
        path = [*prefix, name]
        found.append(path)
        command = group.get_command(context, name)
        if isinstance(command, click.Group):
            found += _commands(command, path)
    return found


def command_help() -> str:
    """Every command's and subcommand's `--help`, as the terminal shows it at 100 columns."""
    from summarise.cli.app import cli

    runner = CliRunner()
    parts: list[str] = []
    for path in _commands(cli, []):
        done = runner.invoke(
            cli, [*path, "--help"], prog_name="summarise", terminal_width=WIDTH, color=False
        )
        parts += [
            f"### `summarise {' '.join(path)}`",
            "",
            "```text",
            done.output.rstrip(),
            "```",
            "",
        ]
    return "\n".join(parts)


def review_keys() -> str:
    from summarise.tui.keymap import key_sections, markdown_table
    from summarise.tui.screens.review import ReviewScreen

    return markdown_table(key_sections(ReviewScreen.BINDINGS))


# The module list in architecture.md: read from the source tree (docstrings parsed, nothing
# imported) and grouped by the layers of the import contract in pyproject.toml.
_ROOT = Path(__file__).resolve().parent.parent
_PACKAGE = _ROOT / "summarise"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z`(])")


def contract_layers() -> list[list[str]]:
    """The layers contract, top to bottom; each layer a list of its sibling modules."""
    config = tomllib.loads((_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    for contract in config["tool"]["importlinter"]["contracts"]:
        if contract["type"] == "layers":
            return [[part.strip() for part in layer.split("|")] for layer in contract["layers"]]
    raise LookupError("pyproject.toml has no layers contract")


def package_modules() -> list[str]:
    """Every module under summarise/ by dotted name (a package by its own name)."""
    names = []
    for path in sorted(_PACKAGE.rglob("*.py")):
        parts = path.relative_to(_ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))
    return sorted(names)


def module_path(name: str) -> Path:
    base = _ROOT.joinpath(*name.split("."))
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


def module_job(name: str) -> str:
    """The first sentence of the module's docstring: what the module is for."""
    docstring = ast.get_docstring(ast.parse(module_path(name).read_text(encoding="utf-8")))
    if not docstring:
        raise ValueError(f"{name} has no docstring: give it a first line saying its job")
    paragraph = " ".join(docstring.split("\n\n")[0].split())
    return _SENTENCE_END.split(paragraph)[0]


def _in(name: str, top: str) -> bool:
    return name == top or name.startswith(top + ".")


def module_list() -> str:
    """A table per layer, top to bottom: each module of the layer with its one-line job."""
    modules = package_modules()
    parts: list[str] = []
    for number, layer in enumerate(contract_layers(), start=1):
        short = " | ".join(f"`{top.removeprefix('summarise.')}`" for top in layer)
        parts += [f"#### Layer {number}: {short}", "", "| module | job |", "|---|---|"]
        for name in modules:
            if any(_in(name, top) for top in layer):
                job = module_job(name).replace("|", "\\|")
                parts.append(f"| `{name.removeprefix('summarise.')}` | {job} |")
        parts.append("")
    return "\n".join(parts)


def listing_shapes() -> str:
    """Each listing's --json record, field by field, from the models the commands print
    (summarise/output/listings.py): the docs cannot drift from the output."""
    from pydantic import BaseModel

    from summarise.output.listings import LISTING_MODELS

    def type_name(annotation: object) -> str:
        text = getattr(annotation, "__name__", None) if isinstance(annotation, type) else None
        text = text or str(annotation)
        text = re.sub(r"summarise\.[\w.]+\.", "", text.replace("typing.", ""))
        text = text.replace("NoneType", "null").replace("Any", "any")
        text = text.replace(" | None", " or null")
        return text.replace(" | null", " or null").replace(" | ", " or ")

    def table(model: type[BaseModel]) -> list[str]:
        rows = ["| field | type | meaning |", "|---|---|---|"]
        nested: list[type[BaseModel]] = []
        for name, field in model.model_fields.items():
            meaning = (field.description or "").replace("|", "\\|")
            rows.append(f"| `{name}` | `{type_name(field.annotation)}` | {meaning} |")
            for inner in getattr(field.annotation, "__args__", ()) or (field.annotation,):
                for candidate in (*getattr(inner, "__args__", ()), inner):
                    if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                        nested.append(candidate)
        out = rows
        for inner_model in dict.fromkeys(nested):
            out += ["", f"`{inner_model.__name__}`:", "", *table(inner_model)]
        return out

    parts: list[str] = []
    for name, model in LISTING_MODELS.items():
        shape = "one object" if name == "stats" else "an array of records"
        parts += [
            f"### `summarise {name} --json`",
            "",
            f"{model.__doc__.strip() if model.__doc__ else ''} Prints {shape}; "
            f"schema: `schemas/listing-{name}.schema.json`.",
            "",
            *table(model),
            "",
        ]
    return "\n".join(parts)
