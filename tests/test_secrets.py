"""The API key never reaches the database, the call log, exports, CLI output, exception messages
or log records, even from a server that repeats it back in everything it says."""

from __future__ import annotations

import json
import logging
import secrets
import sqlite3
import traceback
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import respx
from click.testing import CliRunner, Result

from summarise.backends.base import BackendOptions, ExtractionFailed, RunAborted
from summarise.backends.openai.backend import OpenAIBackend
from summarise.cli import cli
from summarise.store import Store
from tests import openai_replies as replies
from tests.factories import document
from tests.faulty_model import FaultyModel, write_dispatches

BASE = "http://model.test/v1"


@pytest.fixture
def api_key(monkeypatch: pytest.MonkeyPatch) -> str:
    key = f"sk-test-{secrets.token_urlsafe(24)}"
    monkeypatch.setenv("OPENAI_API_KEY", key)
    # Retries still happen; only the waiting between them is skipped.
    monkeypatch.setattr("summarise.backends.openai.asker.retry_delay", lambda *a, **k: 0.0)
    return key


def needles(key: str) -> list[str]:
    """The key, and its random middle: a tool that masks only the start or the end (or
    re-encodes the prefix) would still give that away."""
    middle = key.removeprefix("sk-test-")
    return [key, middle[4:-4]]


class Echoing:
    """A respx side effect that checks the key was sent, then repeats it back via `answer`."""

    def __init__(self, key: str, answer: FaultyModel | int) -> None:
        self.key = key
        self.answer = answer
        self.requests = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        assert request.headers["authorization"] == f"Bearer {self.key}"
        if isinstance(self.answer, FaultyModel):
            return self.answer(request)
        if self.answer == 401:
            return replies.error(401, f"Incorrect API key provided: {self.key}.")
        return replies.error(self.answer, f"upstream failed for key {self.key}")


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def batch(db: Path, folder: Path, *extra: str) -> Result:
    return run(
        "batch", str(folder), "--db", str(db), "--backend", "openai", "--base-url", BASE,
        "--model", "test-model", "--concurrency", "4", *extra,
    )  # fmt: skip


def with_server(key: str, answer: FaultyModel | int, db: Path, folder: Path) -> Result:
    echoing = Echoing(key, answer)
    with respx.mock(base_url=BASE) as mock:
        mock.post("/chat/completions").mock(side_effect=echoing)
        result = batch(db, folder)
    assert echoing.requests > 0  # the key really was sent, and repeated back
    return result


def text_cells(db: Path) -> Iterator[tuple[str, str, str]]:
    with sqlite3.connect(db) as conn:
        tables = [
            name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        for table in tables:
            for row in conn.execute(f"SELECT * FROM [{table}]"):
                for column, value in zip(
                    [c[1] for c in conn.execute(f"PRAGMA table_info([{table}])")], row, strict=True
                ):
                    if isinstance(value, str | bytes):
                        text = value if isinstance(value, str) else value.decode("utf-8", "replace")
                        yield table, column, text


def test_the_api_key_appears_nowhere(
    tmp_path: Path, api_key: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every library's debug logging, the openai client's too
    db = tmp_path / "review.db"
    said: list[str] = []

    def keep(result: Result) -> Result:
        said.extend([result.stdout, result.stderr, str(result.exception or "")])
        return result

    healthy = write_dispatches(tmp_path / "healthy", 6, seed=1)
    write_dispatches(tmp_path / "faulty", 16, seed=4)
    (tmp_path / "stormy").mkdir()
    (tmp_path / "stormy" / "a.txt").write_text("In dispatch 900, the envoy met 3 mediators.\n")
    (tmp_path / "refused").mkdir()
    (tmp_path / "refused" / "b.txt").write_text("In dispatch 901, officials said 4 trucks left.\n")

    assert keep(batch(db, tmp_path / "healthy", "--dry-run")).exit_code == 0
    ok = FaultyModel(seed=1, weights={"ok": 1}, run_rate=0)
    assert keep(with_server(api_key, ok, db, tmp_path / "healthy")).exit_code == 0
    # A reader held open keeps the WAL file in place (the last connection to close removes
    # it), so its bytes are searched too.
    reader = sqlite3.connect(db)
    reader.execute("SELECT count(*) FROM runs").fetchone()
    # Every fault, each repeating the key: error bodies, refusals, broken and invalid JSON.
    anything = FaultyModel(seed=4, echo=api_key)
    assert keep(with_server(api_key, anything, db, tmp_path / "faulty")).exit_code == 1
    assert keep(with_server(api_key, 500, db, tmp_path / "stormy")).exit_code == 1
    refused = keep(with_server(api_key, 401, db, tmp_path / "refused"))
    # Said once, in the closing line (not once a document).
    assert refused.exit_code == 1 and "check OPENAI_API_KEY" in refused.stdout
    assert keep(batch(db, tmp_path / "faulty", "--dry-run")).exit_code == 0
    healthy_dir, out = str(tmp_path / "healthy"), tmp_path / "out"
    for args, code in (
        (["stats", "--db", str(db)], 0),
        (["stats", "--db", str(db), "--json"], 0),
        (["export", "--db", str(db), "--format", "jsonl"], 0),
        (["export", "--db", str(db), "--format", "csv"], 0),
        (["export", "--db", str(db), "--format", "jsonl", "-o", f"{out}.jsonl"], 0),
        (["export", "--db", str(db), "--format", "csv", "-o", f"{out}.csv"], 0),
        # The error paths: unknown backend and mode, a missing path, a file that is not a
        # database, a directory given as the database.
        (["batch", healthy_dir, "--db", str(db), "--backend", "nonesuch"], 2),
        (["batch", healthy_dir, "--db", str(db), "--mode", "openai"], 2),
        (["batch", str(tmp_path / "missing"), "--db", str(db), "--backend", "regex"], 2),
        (["batch", healthy_dir, "--db", str(healthy["0"]), "--base-url", BASE, "--model", "m"], 1),
        (["stats", "--db", healthy_dir], 2),
    ):
        assert keep(run(*args)).exit_code == code, args
    assert (tmp_path / "out.jsonl").stat().st_size and (tmp_path / "out.csv").stat().st_size

    with sqlite3.connect(db) as conn:  # the faults did reach the database
        statuses = {s for (s,) in conn.execute("SELECT DISTINCT status FROM calls")}
        failed = conn.execute("SELECT count(*) FROM extractions WHERE status='failed'").fetchone()
    assert {"ok", "http_error", "timeout", "invalid", "refused", "truncated"} <= statuses
    assert failed[0] > 0

    assert Path(f"{db}-wal").stat().st_size > 0
    leaks: set[str] = set()
    for needle in needles(api_key):
        for path in tmp_path.rglob("*"):  # the database, its WAL, the exports, the inputs
            if path.is_file() and needle.encode() in path.read_bytes():
                leaks.add(f"file {path.name}")
        leaks |= {f"column {t}.{c}" for t, c, text in text_cells(db) if needle in text}
        leaks |= {f"output {n}" for n, text in enumerate(said) if needle in text}
        leaks |= {
            f"log {record.name}"
            for record in caplog.records
            if needle in record.getMessage() or needle in str(record.exc_info or "")
        }
    reader.close()
    assert not leaks


@pytest.mark.slow
async def test_exception_messages_and_tracebacks_never_carry_the_key(
    api_key: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    doc = document("In dispatch 7, officials said 12 trucks crossed at Rafah on Monday.")
    raised: list[BaseException] = []
    for answer in (
        401,
        500,
        FaultyModel(seed=1, weights={"refusal": 1}, run_rate=0, echo=api_key),
        FaultyModel(seed=1, weights={"schema_invalid": 1}, run_rate=0, echo=api_key),
        FaultyModel(seed=1, weights={"timeout": 1}, run_rate=0, echo=api_key),
    ):
        backend = OpenAIBackend(BackendOptions(base_url=BASE, model="m", api_key=api_key))
        with respx.mock(base_url=BASE) as mock:
            mock.post("/chat/completions").mock(side_effect=Echoing(api_key, answer))
            with pytest.raises((ExtractionFailed, RunAborted)) as caught:
                await backend.extract(doc)
        await backend.aclose()
        raised.append(caught.value)
    assert isinstance(raised[0], RunAborted) and "401" in str(raised[0])
    for needle in needles(api_key):
        for exc in raised:
            shown = "".join(traceback.format_exception(exc)) + repr(exc) + repr(exc.args)
            assert needle not in shown
        assert needle not in repr(backend.settings)
        assert needle not in caplog.text


def test_credentials_in_the_base_url_are_never_logged_or_printed() -> None:
    from summarise.backends.openai.transport import public_url

    url = "https://user:sk-in-url-123@proxy.example:8443/v1?api-key=sk-query-456"
    assert public_url(url) == "https://proxy.example:8443/v1"
    backend = OpenAIBackend(BackendOptions(base_url=url, model="m", api_key="k"))
    assert "proxy.example:8443" in backend.describe()
    assert "sk-" not in backend.describe()


@respx.mock
async def test_credentials_in_the_base_url_stay_out_of_the_call_log(
    respx_mock: respx.MockRouter, tmp_path: Path
) -> None:
    text = "The council voted on Tuesday to approve the budget."
    respx_mock.post(host="model.test").mock(
        return_value=httpx.Response(200, json=replies.tool_call({"claims": [replies.claim(text)]}))
    )
    with Store.open(tmp_path / "r.db") as store:
        backend = OpenAIBackend(
            BackendOptions(base_url="http://user:sk-cred-4242@model.test/v1", model="m")
        )
        backend.attach(store.call_recorder(None))
        try:
            await backend.extract(document(text))
        finally:
            await backend.aclose()
        rows = list(store.db.query("SELECT base_url, request, response, error FROM calls"))
    assert rows and rows[0]["base_url"].rstrip("/") == "http://model.test/v1"
    assert "sk-cred-4242" not in json.dumps(rows)
