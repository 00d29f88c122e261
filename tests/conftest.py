"""Shared fixtures, and a guard that keeps the suite off the network."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarise.ingest.reader import parse_bytes
from summarise.models import Document
from summarise.store import Store

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"

_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address: object) -> object:
    host = address[0] if isinstance(address, tuple) else None
    if isinstance(host, str):
        try:
            allowed = ipaddress.ip_address(host).is_loopback
        except ValueError:
            allowed = host == "localhost"
        if not allowed:
            raise RuntimeError(f"the test suite may not reach the network ({host})")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)
    for variable in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "SUMMARISE_MODEL", "SUMMARISE_DB"):
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "review.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store.open(db_path) as opened:
        yield opened


def load_seed(path: Path) -> Document:
    """A seed exactly as `summarise batch` ingests it."""
    result = parse_bytes(path.read_bytes(), str(path.relative_to(REPO)))
    assert result.document is not None, result.message
    return result.document


@pytest.fixture(scope="session")
def seed_documents() -> dict[str, Document]:
    """Seed file name -> Document, for every seeds/*.txt."""
    return {path.name: load_seed(path) for path in sorted(SEEDS.glob("*.txt"))}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Slow tests (crash loops, large inputs, real servers, long TUI sessions) run in CI
    (`CI` set, as `.ci/run` is run), with `SUMMARISE_SLOW_TESTS=1`, or when `-m` names
    them; a plain local `pytest` leaves them out so that it finishes in under a minute."""
    if os.environ.get("CI") or os.environ.get("SUMMARISE_SLOW_TESTS") or config.option.markexpr:
        return
    skip = pytest.mark.skip(reason="slow: runs in CI, or with SUMMARISE_SLOW_TESTS=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
