"""What the model is asked to return, and the grounding check instructor re-asks on.

The model gives quotes, never offsets (models cannot count characters); the quotes are located
in the chunk's text with `grounding.locate_quote`. A quote that is not there fails validation,
naming it, so instructor sends the error back and the model tries again. On the last attempt
the validator lets the answer through and the ungrounded claims are dropped and counted.
"""

from __future__ import annotations

import json
from contextvars import ContextVar
from dataclasses import dataclass

from instructor import ResponseSchema
from pydantic import BaseModel, Field, model_validator

from summarise.grounding import locate_quote
from summarise.models import ClaimKind, short_hash

# Shown to the model at most this many characters of each bad quote.
QUOTE_PREVIEW = 160


class FigureDraft(BaseModel):
    raw: str = Field(description="The number as written in the quote, e.g. '1.9 million'.")
    value: float = Field(description="Its value, e.g. 1900000.")
    counts: str = Field(default="", description="What it counts, e.g. 'displaced people'.")


class ClaimDraft(BaseModel):
    text: str = Field(min_length=1, description="One atomic, self-contained statement.")
    quote: str = Field(
        min_length=1,
        description="The shortest passage supporting the claim, copied verbatim from the "
        "article, character for character.",
    )
    kind: ClaimKind = Field(description="event, statement, figure, background or other.")
    attribution: str | None = Field(
        default=None, description="Who makes the statement, as the article names them."
    )
    figures: list[FigureDraft] = Field(default_factory=list)


@dataclass
class GroundingContext:
    """The text quotes must come from, and whether this is the model's last attempt."""

    text: str
    last_attempt: bool = False


# Set by the backend around each request. Not instructor's `context`: instructor renders the
# messages as Jinja templates when given one, and a document's "{{" must stay text.
GROUNDING: ContextVar[GroundingContext | None] = ContextVar("grounding", default=None)


class ExtractedClaims(ResponseSchema):
    """The claims an article makes, each with a verbatim supporting quote."""

    # Subclassing ResponseSchema directly, instructor uses this class as it is instead of
    # deriving a new one per request, so its cached tool schema is reused (~10 ms a request).

    claims: list[ClaimDraft] = Field(default_factory=list)

    @model_validator(mode="after")
    def _quotes_are_in_the_article(self) -> ExtractedClaims:
        context = GROUNDING.get()
        if context is None or context.last_attempt:
            return self
        missing = [c.quote for c in self.claims if locate_quote(context.text, c.quote) is None]
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
