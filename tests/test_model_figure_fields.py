"""The model backend's figure fields (what is counted, qualifier, as-of date, parts, which
earlier value it corrects), from the request's schema and prompt through a stubbed reply
(respx) to the store and the summary's key figures. Reports written for this test."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import respx

from summarise.analysis import refresh as analysis
from summarise.analysis.figure_facts import figure_facts
from summarise.backends.base import BackendOptions
from summarise.backends.openai.backend import OpenAIBackend
from summarise.models import Figure
from summarise.output.summary import summarise_store
from summarise.pipeline.runner import run_batch
from summarise.store import Store
from tests import openai_replies as replies
from tests.story_fixtures import accept_all

BASE = "http://model.test/v1"
FIRST = "The harbour office said 14 vessels were idle at Penmorrow quay on Monday."
SECOND = (
    "The harbour office said 22 vessels, 19 trawlers and 3 tugs, were idle at Penmorrow quay "
    "by Tuesday night, not 41 as it had first said."
)
REPORTS = {
    "r1.txt": "Vessels idle at Penmorrow quay\nPublished: 2035-03-03\nPenmorrow Gazette\n\n"
    + FIRST
    + "\n",
    "r2.txt": "Penmorrow quay count revised\nPublished: 2035-03-06\nPenmorrow Gazette\n\n"
    + SECOND
    + "\n",
}
COUNTS = "vessels idle at Penmorrow quay"
REPLIES = {
    FIRST: [{"raw": "14", "value": 14, "counts": COUNTS}],
    SECOND: [
        {
            "raw": "22",
            "value": 22,
            "counts": COUNTS,
            "as_of": "2035-03-04",
            "parts": [19, 3],
            "corrects": "41",
        },
        {"raw": "19", "value": 19, "counts": "trawlers"},
        {"raw": "3", "value": 3, "counts": "tugs"},
        {"raw": "41", "value": 41, "counts": COUNTS},
    ],
}


def _answer(request: httpx.Request) -> httpx.Response:
    sent = json.loads(request.content)
    text = "\n".join(str(m.get("content") or "") for m in sent["messages"])
    [quote] = [q for q in REPLIES if q in text]
    reply = {
        "claims": [replies.claim(quote, attribution="The harbour office", figures=REPLIES[quote])]
    }
    return httpx.Response(200, json=replies.tool_call(reply))


def _batch(tmp_path: Path) -> tuple[Store, list[dict[str, Any]]]:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    store = Store.open(tmp_path / "review.db")
    with respx.mock(base_url=BASE) as mock:
        sent = mock.post("/chat/completions").mock(side_effect=_answer)
        run_batch(store, OpenAIBackend(BackendOptions(base_url=BASE, model="m")), [str(folder)])
    return store, [json.loads(call.request.content) for call in sent.calls]


def test_the_schema_and_prompt_ask_for_every_figure_field(tmp_path: Path) -> None:
    store, requests = _batch(tmp_path)
    store.close()
    schema = requests[0]["tools"][0]["function"]["parameters"]
    figure = schema["properties"]["claims"]["items"]["properties"]["figures"]["items"]
    fields = {"counts", "qualifier", "as_of", "parts", "corrects"}
    assert fields <= set(figure["properties"])
    system = requests[0]["messages"][0]["content"]
    assert all(name in system for name in fields)


def test_the_fields_are_stored_with_the_claim_and_left_out_when_empty(tmp_path: Path) -> None:
    store, _ = _batch(tmp_path)
    with store:
        stored = {
            row["text"]: json.loads(row["figures"])
            for row in store.db.query("SELECT text, figures FROM claims")
        }
    assert stored[SECOND][0] == REPLIES[SECOND][0] | {"qualifier": "", "value": 22.0}
    assert stored[SECOND][0]["parts"] == [19.0, 3.0]
    # Empty fields are not written: a claim without them is stored as before they existed.
    assert set(stored[FIRST][0]) == {"value", "raw", "counts", "qualifier"}


def test_the_summary_uses_the_fields_as_of_corrects_and_parts(tmp_path: Path) -> None:
    store, _ = _batch(tmp_path)
    with store:
        analysis.refresh(store)
        accept_all(store)
        [story] = summarise_store(store).stories
    [idle] = [f for f in story.figures if any(h.number == 22 for h in f.history)]
    # 41 is struck by `corrects` (the text alone reads it as a second value, which would
    # lead as the larger); 22 holds for Tuesday (as_of), not the report's Thursday.
    assert idle.latest == "22" and idle.status == "updated"
    assert [(h.number, h.reported) for h in idle.history] == [
        (14.0, date(2035, 3, 3)),
        (22.0, date(2035, 3, 4)),
    ]
    # The parts are not values of the total (above); each is its own quantity.
    parts = [f for f in story.figures if "trawler" in f.subject or "tug" in f.subject]
    assert sorted([h.number for h in f.history] for f in parts) == [[3.0], [19.0]]


def test_without_the_fields_the_text_alone_decides() -> None:
    plain = [
        Figure(**{k: v for k, v in f.items() if k in ("raw", "value", "counts")})
        for f in REPLIES[SECOND]
    ]
    with_fields = [Figure(**f) for f in REPLIES[SECOND]]
    roles = {f.raw: f.role for f in figure_facts(SECOND, plain)}
    assert roles["41"] == "" and roles["19"] == ""
    roles = {f.raw: f.role for f in figure_facts(SECOND, with_fields)}
    assert (roles["41"], roles["19"], roles["3"], roles["22"]) == ("corrected", "part", "part", "")
