"""JSON Schemas generated from the models: `schemas/` is written from here and a test
fails when the committed files drift from the models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from summarise.models import Claim, Document, ExportedClaim, Review
from summarise.output.listings import LISTING_MODELS
from summarise.output.summary.model import Summary

SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "document.schema.json": Document,
    "claim.schema.json": Claim,
    "review.schema.json": Review,
    "exported-claim.schema.json": ExportedClaim,
    "summary.schema.json": Summary,
    # One record of each listing's --json (an array of them; `stats` prints one object).
    **{f"listing-{name}.schema.json": model for name, model in LISTING_MODELS.items()},
}


def generate() -> dict[str, dict[str, Any]]:
    return {name: model.model_json_schema() for name, model in SCHEMA_MODELS.items()}


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in generate().items():
        path = directory / name
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":  # python -m summarise.output.schemas: regenerate schemas/
    for path in write(Path(__file__).resolve().parents[2] / "schemas"):
        print(path)
