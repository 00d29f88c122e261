"""The JSON format: the Summary model as is (schema: schemas/summary.schema.json)."""

from __future__ import annotations

from summarise.output.summary.model import Summary


def render_json(summary: Summary, detail: str = "full") -> str:
    """Always everything: `detail` only shortens the Markdown and collapses the HTML."""
    return summary.model_dump_json(indent=2) + "\n"
