"""What the model is asked to return, and the grounding check instructor re-asks on.

The model gives quotes, never offsets (models cannot count characters); the quotes are located
in the chunk's text with `grounding.locate_quote`. A quote that is not there fails validation,
naming it, so instructor sends the error back and the model tries again. On the last attempt
the validator lets the answer through and the ungrounded claims are dropped and counted.
A quote that is found but grounds nothing (too short, missing a figure of the claim, or a
speaker not named near it: `grounding.claim_problems`) fails validation on every attempt.
"""

from __future__ import annotations

import copy
import json
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.json_schema import DEFAULT_REF_TEMPLATE, GenerateJsonSchema, JsonSchemaMode
from pydantic_core import core_schema

from summarise.grounding import QuoteMatch, claim_problems, locate_quote
from summarise.models import ClaimKind, short_hash

# Shown to the model at most this many characters of each bad quote.
QUOTE_PREVIEW = 160


class FigureDraft(BaseModel):
    # No descriptions: each is paid on every request (bench prompt_overhead), and the system
    # prompt (prompts/extract-system.txt) explains every field of a figure with examples.
    raw: str
    value: float
    counts: str = ""
    qualifier: str = ""
    as_of: str = ""  # YYYY-MM-DD the value holds for, when not the report's own time
    parts: list[float] = Field(default_factory=list)  # the numbers a total sums
    corrects: str = ""  # the earlier value it says was wrong, as written


class ClaimDraft(BaseModel):
    # Described in the system prompt, not here (see FigureDraft).
    text: str = Field(min_length=1)
    quote: str = Field(min_length=1)
    kind: ClaimKind
    attribution: str | None = None
    figures: list[FigureDraft] = Field(default_factory=list)


class SlimJsonSchema(GenerateJsonSchema):
    """The schema as the model is shown it: every token of it is paid on every request.

    Types, enums, required fields and the short descriptions stay; pydantic's titles (the
    field name again), defaults, `anyOf [..., null]` for optional fields (leaving one out is
    how the model says "none") and `$defs`/`$ref` indirection (nothing here is recursive)
    go. The top-level title stays: instructor names the tool after it.
    """

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> dict[str, Any]:
        return self.generate_inner(schema["schema"])

    def nullable_schema(self, schema: core_schema.NullableSchema) -> dict[str, Any]:
        return self.generate_inner(schema["schema"])

    def generate(self, schema: Any, mode: JsonSchemaMode = "validation") -> dict[str, Any]:
        generated = super().generate(schema, mode)
        definitions = generated.pop("$defs", {})
        title = generated.get("title")
        slim = _inline(generated, definitions)
        return {"title": title, **slim} if title else slim


def _inline(node: Any, definitions: dict[str, Any], in_properties: bool = False) -> Any:
    """`node` with each `$ref` replaced by its definition and no titles below the top."""
    if isinstance(node, list):
        return [_inline(item, definitions) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target = definitions[node["$ref"].rsplit("/", 1)[-1]]
        extra = {k: v for k, v in node.items() if k != "$ref"}
        return _inline({**target, **extra}, definitions)
    return {
        key: _inline(value, definitions, in_properties=key == "properties" and not in_properties)
        for key, value in node.items()
        if in_properties or key != "title"
    }


@dataclass
class GroundingContext:
    """The text quotes must come from, and whether this is the model's last attempt.

    `located` keeps where each quote was found, so grounding the claims afterwards does not
    search the text a second time."""

    text: str
    last_attempt: bool = False
    located: dict[str, QuoteMatch | None] = field(default_factory=dict)

    def locate(self, quote: str) -> QuoteMatch | None:
        if quote not in self.located:
            self.located[quote] = locate_quote(self.text, quote)
        return self.located[quote]


# Set by the backend around each request. Not instructor's `context`: instructor renders the
# messages as Jinja templates when given one, and a document's "{{" must stay text.
GROUNDING: ContextVar[GroundingContext | None] = ContextVar("grounding", default=None)


class ExtractedClaims(BaseModel):
    """The article's claims, each with a verbatim quote."""

    # `claims` has no default and unknown keys are refused, so a reply that is not an
    # extraction (the schema echoed back, a stray object) fails validation and is re-asked
    # instead of passing as an extraction with no claims.
    model_config = ConfigDict(extra="forbid")

    claims: list[ClaimDraft]

    _slim_schema: ClassVar[dict[str, Any] | None] = None

    @classmethod
    def model_json_schema(
        cls,
        by_alias: bool = True,
        ref_template: str = DEFAULT_REF_TEMPLATE,
        schema_generator: type[GenerateJsonSchema] = SlimJsonSchema,
        mode: JsonSchemaMode = "validation",
        **options: Any,
    ) -> dict[str, Any]:
        """The slim schema every instructor mode sends (TOOLS, JSON_SCHEMA and MD_JSON all
        call this), built once: JSON_SCHEMA mode asks for it on every request. A copy each
        time, since instructor edits what it gets."""
        if schema_generator is not SlimJsonSchema or options or mode != "validation":
            return super().model_json_schema(
                by_alias, ref_template, schema_generator, mode, **options
            )
        if cls._slim_schema is None:
            cls._slim_schema = super().model_json_schema(by_alias, ref_template, SlimJsonSchema)
        return copy.deepcopy(cls._slim_schema)

    @model_validator(mode="after")
    def _quotes_are_in_the_article(self) -> ExtractedClaims:
        context = GROUNDING.get()
        if context is None:
            return self
        missing = [c.quote for c in self.claims if context.locate(c.quote) is None]
        # A quote found but grounding nothing (one letter; a figure or speaker it does not
        # state) is refused on every attempt: re-asked live, the reply failed with the
        # reason in a remote job, never stored.
        problems = [
            problem
            for c in self.claims
            if (match := context.locate(c.quote)) is not None
            for problem in claim_problems(
                context.text, match, c.text, [f.raw for f in c.figures], c.attribution
            )
        ]
        if problems:
            raise ValueError(
                f"{len(problems)} claim(s) are not grounded by their quotes; fix each or leave "
                "that claim out: " + "; ".join(problems)
            )
        if context.last_attempt:
            return self
        if missing:
            listed = "\n".join(f"- {json.dumps(_preview(q), ensure_ascii=False)}" for q in missing)
            raise ValueError(
                f"{len(missing)} quote(s) are not in the article. Copy each quote character "
                "for character from the text between the markers, or leave that claim out:\n"
                + listed
            )
        return self


def _preview(quote: str) -> str:
    return quote if len(quote) <= QUOTE_PREVIEW else quote[: QUOTE_PREVIEW - 1] + "…"


# Part of the cache key: a changed response model never reuses an old answer.
SCHEMA_VERSION = short_hash(
    json.dumps(ExtractedClaims.model_json_schema(), sort_keys=True), length=10
)
