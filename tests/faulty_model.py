"""A misbehaving OpenAI-compatible model for respx: seeded faults, every reply accounted for.

Each document gets its own random stream (seeded by the run's seed and the document's number),
so which faults a document meets does not depend on how the concurrent requests interleave.
The model keeps what it served: the faults per document in order, the requests, and the sum
of the `usage` it reported, for the tests to hold the store's records against.
"""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx

from tests import openai_replies as replies

# Served in this proportion, after a document's opening run of one fault, if it has one.
FAULT_WEIGHTS: dict[str, float] = {
    "ok": 40,
    "timeout": 7,
    "429": 8,
    "500": 8,
    "truncated_json": 7,
    "schema_invalid": 7,
    "invented_quote": 8,
    "length": 6,
    "refusal": 5,
}
# Faults a document can end on and still be extracted (the invented quote is dropped).
HARMLESS = frozenset({"ok", "invented_quote"})
# What a failed document's recorded error must say, by the fault that ended it.
NAMED_BY: dict[str, str] = {
    "timeout": r"timed out|Timeout",
    "429": r"\b429\b",
    "500": r"\b500\b",
    "truncated_json": r"did not validate",
    "schema_invalid": r"did not validate",
    "length": r"length limit",
    "refusal": r"refused",
}
INVENTED = "The finance minister resigned in disgrace on Friday evening after the vote."
_DISPATCH = re.compile(r"dispatch (\d+),")
_PLACES = ("Rafah", "Kerem Shalom", "Zikim", "Erez", "Allenby", "Nitzana")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def write_dispatches(folder: Path, count: int, *, seed: int = 0) -> dict[str, Path]:
    """`count` articles of 3 to 36 sentences (the long ones get split when cut off); every
    sentence names its dispatch number, so any piece of an article says whose it is."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for n in range(count):
        sentences = [
            f"In dispatch {n}, officials said {rng.randint(2, 900)} trucks crossed at "
            f"{rng.choice(_PLACES)} on {rng.choice(_DAYS)} morning."
            if k % 2 == 0
            else f"In dispatch {n}, the envoy met {rng.randint(2, 40)} mediators in session "
            f"{k} and called the talks serious."
            for k in range(rng.randint(3, 36))
        ]
        paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
        path = folder / f"dispatch{n:02d}.txt"
        path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        written[str(n)] = path
    return written


class FaultyModel:
    """A respx side effect answering chat completions with seeded, weighted faults."""

    def __init__(
        self,
        seed: int,
        weights: dict[str, float] | None = None,
        *,
        run_rate: float = 0.4,
        echo: str | None = None,
    ) -> None:
        self.seed = seed
        self.weights = FAULT_WEIGHTS if weights is None else weights
        # Some documents start with a run of 2-7 of one fault (a 429 storm, a server that keeps
        # failing on this document, a model that keeps inventing), so each fault can end one.
        self.run_rate = run_rate
        # A server that repeats a secret (e.g. the Authorization header) in what it says.
        self.echo = echo
        self.requests = 0
        self.prompt_tokens = 0
        self.completion_tokens = 0
        self.served: dict[str, list[str]] = defaultdict(list)
        self._random: dict[str, random.Random] = {}
        self._runs: dict[str, list[str]] = {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        body = json.loads(request.content)
        text = replies.document_in(body)
        found = _DISPATCH.search(text)
        assert found, "every request carries a dispatch"
        dispatch = found.group(1)
        rng = self._random.setdefault(dispatch, random.Random(f"{self.seed}/{dispatch}"))
        if dispatch not in self._runs:
            kinds = sorted(set(self.weights) - {"ok"})
            opening = kinds and rng.random() < self.run_rate
            self._runs[dispatch] = [rng.choice(kinds)] * rng.randint(2, 7) if opening else []
        if self._runs[dispatch]:
            fault = self._runs[dispatch].pop()
        else:
            fault = rng.choices(list(self.weights), weights=list(self.weights.values()))[0]
        self.served[dispatch].append(fault)
        return self._reply(fault, text, rng, request)

    def last_fault(self, dispatch: str) -> str:
        return self.served[dispatch][-1]

    def _reply(
        self, fault: str, text: str, rng: random.Random, request: httpx.Request
    ) -> httpx.Response:
        said = f" ({self.echo})" if self.echo else ""
        if fault == "timeout":  # the client's own words: a server cannot put anything in them
            raise httpx.ReadTimeout("timed out waiting for the model", request=request)
        if fault == "429":
            return replies.error(429, "Rate limit reached" + said, {"retry-after-ms": "250"})
        if fault == "500":
            return replies.error(500, "The server had an error" + said)
        usage = self._usage(rng, json.loads(request.content).get("max_tokens"))
        arguments = json.dumps(replies.grounded_claims(text, limit=rng.randint(1, 4)))
        if fault == "ok":
            return _ok(replies.tool_call(arguments, usage=usage))
        if fault == "invented_quote":
            real = replies.grounded_claims(text, limit=1)["claims"]
            invented = [replies.claim(INVENTED + said)]
            return _ok(replies.tool_call({"claims": real + invented}, usage=usage))
        if fault == "truncated_json":
            cut = arguments[: rng.randint(1, len(arguments) - 1)]
            return _ok(replies.tool_call(cut + said, usage=usage))
        if fault == "schema_invalid":
            return _ok(replies.tool_call(self._invalid(text, rng, said), usage=usage))
        if fault == "length":
            cut = arguments[: rng.randint(1, len(arguments) - 1)]
            return _ok(replies.tool_call(cut + said, usage=usage, finish_reason="length"))
        if fault == "refusal":
            return _ok(replies.refusal("I can't help with that request." + said, usage=usage))
        raise AssertionError(f"unknown fault {fault}")

    def _invalid(self, text: str, rng: random.Random, said: str) -> dict[str, Any]:
        quote = replies.grounded_claims(text, limit=1)["claims"][0]["quote"]
        return rng.choice(
            [
                {"claims": [{"text": "A claim with no quote." + said, "kind": "event"}]},
                {"claims": [{"text": quote, "quote": quote, "kind": "rumour" + said}]},
                {"claims": "none of note" + said},
            ]
        )

    def _usage(self, rng: random.Random, cap: int | None) -> dict[str, int]:
        prompt, completion = rng.randint(200, 3000), rng.randint(5, 600)
        if cap:  # an honest server stops below the cap; a reply that reaches it is cut off
            completion = min(completion, cap - 1)
        self.prompt_tokens += prompt
        self.completion_tokens += completion
        return {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        }


def _ok(reply: dict[str, Any]) -> httpx.Response:
    return httpx.Response(200, json=reply)
