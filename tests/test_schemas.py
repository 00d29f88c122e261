"""schemas/ is generated from the models: fail when they drift apart."""

from __future__ import annotations

import json

import pytest

from summarise.output import schemas
from summarise.resources import schemas_dir
from tests.conftest import REPO


@pytest.mark.parametrize("name", sorted(schemas.SCHEMA_MODELS))
def test_committed_schema_matches_the_model(name: str) -> None:
    committed = (REPO / "schemas" / name).read_text(encoding="utf-8")
    assert committed == schemas.render(schemas.generate()[name]), (
        f"schemas/{name} is out of date: run `python -m summarise.output.schemas`"
    )


def test_no_stray_schema_files() -> None:
    assert sorted(p.name for p in (REPO / "schemas").glob("*.json")) == sorted(
        schemas.SCHEMA_MODELS
    )


def test_package_finds_its_schemas() -> None:
    found = json.loads((schemas_dir() / "claim.schema.json").read_text(encoding="utf-8"))
    assert "quote_start" in found["properties"]
