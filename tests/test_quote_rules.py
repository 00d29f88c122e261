"""A quote must ground its claim (issue 24, item 16): a real passage, every figure of the
claim in it, a named speaker in its sentence or the one before. Checked on every model
reply: live replies are re-asked, a remote job's reply fails with the reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarise.backends.openai.schema import GROUNDING, ExtractedClaims, GroundingContext
from summarise.grounding import claim_problems, locate_quote
from summarise.store import Store
from tests import openai_replies as replies
from tests.test_batch_api import write_articles
from tests.test_jobs_cli import MODEL, run

ARTICLE = (
    "Talks resume in the capital\n\n"
    "The foreign ministry said on Monday that envoys would meet again within a week.\n"
    "Officials said 12 prisoners were released overnight as a gesture of goodwill.\n"
    'Maria Olsen, the mediator, told reporters: "Both sides want a pause."\n'
    "Yes.\n"
)


def problems(quote: str, claim: str, figures: list[str], attribution: str | None) -> list[str]:
    match = locate_quote(ARTICLE, quote)
    assert match is not None
    return claim_problems(ARTICLE, match, claim, figures, attribution)


def test_a_real_passage_with_its_figures_and_speaker_grounds_the_claim() -> None:
    quote = "Officials said 12 prisoners were released overnight"
    assert problems(quote, "12 prisoners were released overnight.", ["12"], "Officials") == []
    # The speaker named in the sentence before the quote (its attribution frame).
    assert problems("Both sides want a pause.", "Both sides want a pause.", [], "Maria Olsen") == []


def test_a_one_letter_quote_grounds_nothing() -> None:
    (problem,) = problems("a", "The sides agreed to a ceasefire.", [], None)
    assert "too short" in problem


def test_a_short_whole_clause_is_a_real_passage() -> None:
    assert problems("Both sides want a pause.", "Both sides want a pause.", [], None) == []


def test_a_figure_not_in_the_quote_is_refused() -> None:
    quote = "Officials said 12 prisoners were released overnight"
    (problem,) = problems(quote, "999 prisoners were released.", ["999"], None)
    assert "999" in problem and "not in its quote" in problem


def test_an_invented_speaker_is_refused() -> None:
    quote = "Officials said 12 prisoners were released overnight"
    (problem,) = problems(quote, "12 prisoners were released.", ["12"], "General Petrov")
    assert "General Petrov" in problem


def test_the_crafted_reply_fails_validation_with_every_reason() -> None:
    reply = {
        "claims": [
            {
                "text": "Israel agreed to a permanent ceasefire on 1 May 2024",
                "quote": "a",
                "kind": "statement",
                "attribution": "Prime Minister Invented",
                "figures": [{"raw": "999", "value": 999, "counts": "hostages"}],
            }
        ]
    }
    token = GROUNDING.set(GroundingContext(ARTICLE, last_attempt=True))
    try:
        with pytest.raises(ValueError) as caught:
            ExtractedClaims.model_validate_json(json.dumps(reply))
    finally:
        GROUNDING.reset(token)
    said = str(caught.value)
    assert "too short" in said and "999" in said and "2024" in said
    assert "Prime Minister Invented" in said


def test_jobs_import_fails_a_crafted_reply_with_the_reason_and_stores_nothing(
    tmp_path: Path,
) -> None:
    inputs = write_articles(tmp_path / "in", 1)
    db = str(tmp_path / "review.db")
    requests = tmp_path / "requests.jsonl"
    code, out = run(
        "batch", str(inputs), "--db", db, "--via", "batch-file", "-o", str(requests), *MODEL
    )
    assert code == 0, out
    crafted = {
        "claims": [
            {
                "text": "Israel agreed to a permanent ceasefire on 1 May 2024",
                "quote": "a",
                "kind": "statement",
                "attribution": "Prime Minister Invented",
                "figures": [{"raw": "999", "value": 999, "counts": "hostages"}],
            }
        ]
    }
    lines = [json.loads(line) for line in requests.read_text().splitlines()]
    results = tmp_path / "results.jsonl"
    results.write_text(
        "".join(
            json.dumps(
                {
                    "id": f"vllm-{n}",
                    "custom_id": line["custom_id"],
                    "response": {
                        "status_code": 200,
                        "request_id": f"r{n}",
                        "body": replies.tool_call(crafted)
                        if line["body"].get("tools")
                        else replies.content(json.dumps(crafted)),
                    },
                    "error": None,
                }
            )
            + "\n"
            for n, line in enumerate(lines)
        )
    )
    code, out = run("jobs", "--db", db, "import", str(results))
    with Store.open(db) as store:
        assert not any("ceasefire" in claim.text for claim in store.claims())
        calls = store.db.execute("SELECT status, error FROM remote_requests").fetchall()
    said = out + json.dumps(calls)
    assert "too short" in said, said


def test_a_huge_claim_text_is_refused() -> None:
    quote = "Officials said 12 prisoners were released overnight"
    (problem,) = problems(quote, "12 prisoners were released. " + "x" * 20_000, ["12"], None)
    assert "at most 2,000" in problem
