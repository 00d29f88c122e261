"""The click group and the options every command shares."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, TypeVar

import click
from click.core import ParameterSource

from summarise import __version__
from summarise.output.terminal import for_terminal, is_safe
from summarise.store import DB_ENV, DEFAULT_DB, Store, StoreError
from summarise.store.connection import refuse_foreign_wal

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2

F = TypeVar("F", bound=Callable[..., Any])
REVIEWER_ENV = "SUMMARISE_REVIEWER"

# `summarise --db X stats` and `summarise stats --db X` both work: the group's options are
# kept here for every command below it; one typed after the command wins.
_GIVEN_DB = "summarise.db"
_NOT_TYPED = (ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP, ParameterSource.ENVIRONMENT)


def _typed_before(key: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def use(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if param.name and ctx.get_parameter_source(param.name) in _NOT_TYPED:
            return ctx.meta.get(key, value)
        return value

    return use


def _remember(key: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def keep(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value:
            ctx.meta[key] = value
        return value

    return keep


def db_option(function: F) -> F:
    return click.option(
        "--db",
        "db_path",
        envvar=DB_ENV,
        default=DEFAULT_DB,
        show_default=True,
        show_envvar=True,
        type=click.Path(dir_okay=False),
        callback=_typed_before(_GIVEN_DB),
        help="The SQLite database to use.",
    )(function)


def sub_db_option(function: F) -> F:
    """`--db` after a subcommand too (`summarise conflicts resolve 3 --db x.db`); read it
    with `chosen_db`."""
    return click.option(
        "--db",
        "sub_db",
        default=None,
        type=click.Path(dir_okay=False),
        help="The SQLite database (as --db before the subcommand; default: $SUMMARISE_DB or "
        "review.db).",
    )(function)


def chosen_db(group_db: str, sub_db: str | None) -> str:
    return sub_db or group_db


REVIEWER_MAX = 64


def check_reviewer(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A reviewer name is shown on colleagues' screens and stored with every decision:
    refused at the door when empty, too long, or holding control, invisible or direction
    characters (they could hide or fake what the others read)."""
    if value is None:
        return None
    if not value.strip():
        raise click.BadParameter("a reviewer name cannot be empty")
    if len(value) > REVIEWER_MAX:
        raise click.BadParameter(f"a reviewer name has at most {REVIEWER_MAX} characters")
    if not is_safe(value):
        raise click.BadParameter(
            f"{for_terminal(value)!r} holds control, invisible or direction characters"
        )
    return value


MODE_CHOICES = ["auto", "tools", "json_schema", "json", "md_json"]


def model_server_options(function: F) -> F:
    """--model, --base-url and --mode: which model, where, and how it returns structure
    (shared by `batch` and `summary`'s model synthesis)."""
    function = click.option(
        "--mode",
        type=click.Choice(MODE_CHOICES),
        default=None,
        help="How the model returns structure: tools, json_schema, json (json_object plus the "
        "schema: llama.cpp, Ollama), md_json (any chat model), or auto (default): the first "
        "request tries them in that order and the run keeps the first the server accepts.",
    )(function)
    function = click.option(
        "--base-url",
        envvar="OPENAI_BASE_URL",
        default=None,
        help="OpenAI-compatible server URL (Ollama, vLLM, llama.cpp ...).",
    )(function)
    return click.option(
        "--model",
        envvar="SUMMARISE_MODEL",
        show_envvar=True,
        default=None,
        help="Model name (openai backend, model synthesis).",
    )(function)


def read_only_option(function: F) -> F:
    return click.option(
        "--read-only",
        is_flag=True,
        help="Open the database for reading only: for a read-only file or mount, or a "
        "database others are writing. Stories and conflicts are shown as last analysed.",
    )(function)


def open_store(path: str, *, read_only: bool = False, create: bool = False) -> Store:
    """Open the database or stop with a one-line error (exit 1), never a traceback. Only
    `batch` and `init` pass `create`: every other command refuses a missing, empty, foreign
    or older file unchanged (a mistyped --db must not become a new empty database, nor
    another app's file ours, nor `stats` upgrade a database an older version still uses)."""
    try:
        # A command opens its database once, first thing: no connection of this process
        # can lose its locks to the check's plain file reads (see refuse_foreign_wal).
        refuse_foreign_wal(path)
        return Store.open(path, read_only=read_only, create=create)
    except StoreError as exc:
        raise click.ClickException(for_terminal(str(exc))) from exc


def refresh_analysis(store: Store) -> None:
    """Bring stories, links and conflicts up to date (a no-op when nothing changed). A
    read-only database cannot be brought up to date: it is used as last analysed, and
    stderr says so when that is out of date."""
    from summarise.analysis import refresh as analysis

    try:
        if store.read_only:
            if not analysis.is_current(store):
                click.echo(
                    "note: read-only: stories and conflicts are as last analysed, before "
                    "the latest changes",
                    err=True,
                )
            return
        analysis.refresh(store)
    except StoreError as exc:
        raise click.ClickException(for_terminal(str(exc))) from exc


# Command name -> the module that defines it (it registers itself on `cli` when imported).
COMMAND_MODULES = {
    name: f"summarise.cli.{name}"
    for name in (
        "batch",
        "conflicts",
        "export",
        "history",
        "init",
        "jobs",
        "logs",
        "figures",
        "review",
        "stats",
        "stories",
        "summary",
    )
}
COMMAND_MODULES["datasette-metadata"] = "summarise.cli.datasette"


class LazyGroup(click.Group):
    """Imports a command's module only when that command is about to run (or is listed by
    `--help`): start-up time is part of the interface, and `stats` or `review` should not
    pay for importing the summary builder or the batch pipeline."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMAND_MODULES})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            importlib.import_module(COMMAND_MODULES[cmd_name])
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            # Error messages quote file names, quantity names and reviewers' words: whatever
            # command raised one, it reaches the terminal through the one renderer (which
            # leaves already-rendered text as it is).
            exc.message = for_terminal(exc.message)
            raise


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="summarise")
@click.option(
    "--db",
    default=None,
    expose_value=False,
    is_eager=True,
    type=click.Path(dir_okay=False),
    callback=_remember(_GIVEN_DB),
    help="The SQLite database, for whichever command follows (also accepted after it; "
    "default: $SUMMARISE_DB or review.db).",
)
def cli() -> None:
    """Turn documents into reviewed, cited claims and a summary you can trust.

    \b
    Typical session:
      summarise batch seeds/          extract claims into review.db
      summarise review                accept, edit or reject each claim
      summarise summary -o out.md     summarise the accepted claims
    """
