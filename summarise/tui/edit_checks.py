"""Warnings for an edited claim text: what the edit lost that the quote still says.

The reviewer may mean it (they are the judge), so these warn and never block.
"""

from __future__ import annotations

import re

from summarise.models import Claim
from summarise.store import InvalidDecision

_SPACE = re.compile(r"\s+")


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text).casefold().strip()


def _number_forms(raw: str) -> set[str]:
    """'7,729' may be rewritten '7729', and '1.9 million' stays '1.9 million'."""
    plain = _normal(raw)
    return {plain, plain.replace(",", "")}


def edit_warnings(claim: Claim, new_text: str, quote: str | None = None) -> list[str]:
    """What `new_text` drops of the claim's attribution and of the figures its quote states."""
    quote = _normal(quote if quote is not None else claim.quote)
    text = _normal(new_text)
    bare_text = text.replace(",", "")
    warnings: list[str] = []
    attribution = _normal(claim.attribution or "")
    if attribution and attribution in _normal(claim.text) + " " + quote and attribution not in text:
        warnings.append(f"the edit drops the attribution ({claim.attribution})")
    for figure in claim.figures:
        forms = _number_forms(figure.raw)
        if not any(form and form in quote.replace(",", "") + " " + quote for form in forms):
            continue
        if not any(form in text or form in bare_text for form in forms):
            warnings.append(f"the edit drops the figure {figure.raw}")
    return warnings


def find_span(text: str, quote: str, near: int) -> tuple[int, int]:
    """The occurrence of `quote` in `text` nearest to offset `near`, as (start, end).

    Runs of white space match any white space, so a quote that crosses a line break in the
    document can be typed on one line. Raises InvalidDecision when the quote is empty or not
    in the text, naming what was sought.
    """
    words = quote.split()
    if not words:
        raise InvalidDecision("the quote is empty: type a passage of the document")
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    best: tuple[int, int] | None = None
    for match in pattern.finditer(text):
        if best is None or abs(match.start() - near) < abs(best[0] - near):
            best = match.span()
    if best is None:
        wanted = " ".join(words)
        shown = wanted if len(wanted) <= 60 else wanted[:57] + "..."
        raise InvalidDecision(f"the quote {shown!r} is not in the document, word for word")
    return best
