"""The JSON format: the Summary model as is (schema: schemas/summary.schema.json)."""

from __future__ import annotations

from summarise.output.summary.model import Summary


def render_json(summary: Summary) -> str:
    return summary.model_dump_json(indent=2) + "\n"
