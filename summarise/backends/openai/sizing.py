"""How much of a context window a request takes: the chunk that fits beside the prompt, the
reply cap sent as max_tokens, the completion a chunk is estimated to cost, and, when a chunk
cannot be made to fit, which setting to raise and to what. Arithmetic only: no client, no I/O.
"""

from __future__ import annotations

import math

# A reply restates most of its text as quotes plus claim texts: about this many completion
# tokens per document token, plus a fixed part (the JSON around them). Used for estimates.
COMPLETION_RATIO = 0.8
COMPLETION_BASE = 60
# The reply cap sent as max_tokens: generous (a reply cut off costs a split and a resend),
# but bounded, so the server can budget the reply and the token budget can book it.
REPLY_CAP_RATIO = 1.2
REPLY_CAP_BASE = 256
# Room kept in the context window for the last error when a chunk is re-asked.
ERROR_ALLOWANCE = 300


def completion_allowance(text_tokens: int) -> int:
    """The completion tokens a chunk of `text_tokens` is estimated to cost."""
    return COMPLETION_BASE + math.ceil(text_tokens * COMPLETION_RATIO)


def reply_cap(text_tokens: int) -> int:
    """The max_tokens sent with a chunk of `text_tokens` (estimated)."""
    return REPLY_CAP_BASE + math.ceil(text_tokens * REPLY_CAP_RATIO)


def fit_chunk_tokens(chunk: int, window: int | None, overhead: int) -> int:
    """The largest chunk (at most `chunk`) whose request fits a context `window`: the prompt
    and schema (`overhead`), the chunk, the last error of a re-ask and the reply cap sent with
    it. A window too small for any document is refused, naming one that fits."""
    if window is None:
        return chunk
    room = window - overhead - ERROR_ALLOWANCE - REPLY_CAP_BASE
    fits = int(room / (1 + REPLY_CAP_RATIO))
    if fits < 100:
        from summarise.backends.openai.settings import SettingsError

        least = overhead + ERROR_ALLOWANCE + REPLY_CAP_BASE + 100 * (1 + REPLY_CAP_RATIO)
        smallest = math.ceil(least / 512) * 512
        raise SettingsError(
            f"a context of {window} tokens leaves no room for a document after the prompt "
            f"and schema (~{overhead} tokens) and a reply: use --context {smallest} "
            "or more, with the server started with that context (llama.cpp: "
            f"-c {smallest}; Ollama: num_ctx)"
        )
    return min(chunk, fits)


def context_advice(
    cut: Exception, prompt_estimate: int, text_tokens: int, cap: int, window: int | None
) -> str:
    """Which setting to raise, and to what, when a chunk cannot be made to fit: a context
    holding the prompt (as the server counted it, when it did, else `prompt_estimate`), the
    reply cap, and room for a re-ask to carry the reply back, rounded up to 1,024 tokens."""
    prompt = getattr(cut, "prompt_tokens", None) or prompt_estimate
    cap = getattr(cut, "reply_cap", None) or cap
    needed = math.ceil((prompt + 2 * cap) / 1024) * 1024
    if window is not None:
        if needed <= window and not getattr(cut, "too_long", False):
            # Prompt, cap and a re-ask all fit: the reply ran past the cap sent for a
            # chunk this size, which a larger context would not change.
            return (
                f"the model wrote past the reply cap of {cap:,} tokens for "
                f"~{text_tokens:,} tokens of text, which usually means it was "
                "repeating itself; the context is large enough: try --mode tools or a "
                "larger model"
            )
        if needed <= window:  # it fits by the count, yet was refused: the next size up
            needed = 2 * window
        return (
            f"raise the context to at least {needed:,} tokens: --context {needed} and the "
            f"server's own context (llama.cpp: -c {needed}; Ollama: num_ctx)"
        )
    return (
        f"start the server with a context of at least {needed:,} tokens (llama.cpp: "
        f"-c {needed}; Ollama: num_ctx) and pass it as --context {needed}, so chunks are "
        "sized to fit it"
    )
