"""The summary: built from accepted claims only, written as Markdown, JSON or HTML."""

from summarise.output.summary.build import StoryData, build_summary
from summarise.output.summary.html import render_html
from summarise.output.summary.jsonfmt import render_json
from summarise.output.summary.load import summarise_store
from summarise.output.summary.markdown import render_markdown
from summarise.output.summary.model import Summary

RENDERERS = {"md": render_markdown, "json": render_json, "html": render_html}

__all__ = [
    "RENDERERS",
    "StoryData",
    "Summary",
    "build_summary",
    "render_html",
    "render_json",
    "render_markdown",
    "summarise_store",
]
