"""What one span's exchange with the model can end in, and what it spent: shared by the asker
(which raises them) and the backend (which turns them into a document's or a batch's fate)."""

from __future__ import annotations

from dataclasses import dataclass


class Truncated(Exception):
    """The reply was cut off (finish_reason "length", or its token counts reached the reply
    cap or the context window): its JSON is incomplete. Carries the request's prompt tokens
    and reply cap, when known, so a chunk too small to split can say what context it needs."""

    def __init__(
        self, message: str, *, prompt_tokens: int | None = None, reply_cap: int | None = None
    ) -> None:
        super().__init__(message)
        self.prompt_tokens = prompt_tokens
        self.reply_cap = reply_cap


class Refused(Exception):
    """The model declined to answer (a refusal, or the content filter)."""


class GaveUp(Exception):
    """A validation or transport retry budget ran out."""


class Stop(Exception):
    """The batch must stop: the budget is spent, or the server is down."""


@dataclass
class Spend:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0

    def counts(self) -> dict[str, int]:
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "calls": self.calls,
        }
