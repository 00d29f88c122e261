"""The extraction prompt: loading the templates in `prompts/`, versioning and rendering them.

A prompt's version is a hash of the template files' names and content, so editing a template
changes the version, which re-extracts on the next batch and misses the response cache.

The document goes into the user message between markers derived from its own hash: a document
cannot close the data block early unless it contains its own hash, and the system prompt says
nothing between the markers is an instruction.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Template

from summarise.models import short_hash
from summarise.resources import prompts_dir

SYSTEM_TEMPLATE = "extract-system.txt"
USER_TEMPLATE = "extract-user.txt"
USER_FIELDS = ("document", "marker", "part")


class PromptError(ValueError):
    """A template is missing or does not use the fields the renderer fills in."""


@dataclass(frozen=True)
class PromptSet:
    system: str
    user: str
    version: str

    def messages(self, text: str, *, marker: str, part: str) -> list[dict[str, str]]:
        """The chat messages asking for the claims in `text` (one chunk of a document)."""
        values = {"document": text, "marker": marker, "part": part}
        # substitute() never re-reads the values, so a "$" in the document is left alone.
        return [
            {"role": "system", "content": Template(self.system).substitute(values)},
            {"role": "user", "content": Template(self.user).substitute(values)},
        ]


def load(directory: Path | None = None) -> PromptSet:
    """Read and check the templates (from `prompts/` unless told otherwise)."""
    return _load(directory or prompts_dir())


@cache
def _load(directory: Path) -> PromptSet:
    texts: dict[str, str] = {}
    for name in (SYSTEM_TEMPLATE, USER_TEMPLATE):
        path = directory / name
        try:
            texts[name] = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise PromptError(f"{path}: cannot read the prompt template ({exc})") from exc
    user = Template(texts[USER_TEMPLATE])
    if not user.is_valid():
        raise PromptError(f"{directory / USER_TEMPLATE}: a '$' that is not a $field")
    missing = {"document", "marker"} - set(user.get_identifiers())
    if missing:
        raise PromptError(
            f"{directory / USER_TEMPLATE}: must contain ${' and $'.join(sorted(missing))}"
        )
    unknown = set(user.get_identifiers()) | set(Template(texts[SYSTEM_TEMPLATE]).get_identifiers())
    unknown -= set(USER_FIELDS)
    if unknown:
        raise PromptError(f"{directory}: unknown template field(s): {', '.join(sorted(unknown))}")
    version = short_hash(*(f"{name}\n{texts[name]}" for name in sorted(texts)), length=12)
    return PromptSet(texts[SYSTEM_TEMPLATE], texts[USER_TEMPLATE], version)


def marker_for(document_id: str) -> str:
    """The data-block marker for a document: stable (so requests cache) and unguessable."""
    return short_hash("marker", document_id, length=12)
