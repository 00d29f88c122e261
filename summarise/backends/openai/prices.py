"""List prices per million tokens (input, output) of common OpenAI models, for estimates.

The Batch API charges half of these. A model not listed has no cost estimate (tokens are
still shown): a wrong price is worse than none. Checked against openai.com/api/pricing,
2026; override with SUMMARISE_PRICE="input,output" (dollars per million tokens, list price).
"""

from __future__ import annotations

import os

BATCH_DISCOUNT = 0.5
LIST_PRICES: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
}


def batch_cost(model: str, prompt_tokens: int, completion_tokens: int) -> float | None:
    """Dollars at batch prices, or None when the model's price is not known."""
    price = _price(model)
    if price is None:
        return None
    per_input, per_output = price
    return BATCH_DISCOUNT * (prompt_tokens * per_input + completion_tokens * per_output) / 1e6


def _price(model: str) -> tuple[float, float] | None:
    override = os.environ.get("SUMMARISE_PRICE")
    if override:
        try:
            first, second = (float(part) for part in override.split(","))
        except ValueError:
            return None
        return first, second
    # Dated snapshots ("gpt-4o-mini-2024-07-18") cost what their family costs.
    for name in sorted(LIST_PRICES, key=len, reverse=True):
        if model == name or model.startswith(name + "-2"):
            return LIST_PRICES[name]
    return None
