from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarise.cli import cli
from summarise.models import ClaimStatus, Document
from summarise.output.summary import (
    StoryData,
    Summary,
    build_summary,
    render_html,
    render_json,
    render_markdown,
    summarise_store,
)
from summarise.output.summary.figures import shown_figures
from summarise.output.summary.load import load_links, load_stories
from summarise.store import Store
from tests.factories import PROVENANCE
from tests.story_fixtures import accept_all, seeds_db, seeds_db_template, seeds_store

__all__ = ["seeds_db", "seeds_db_template", "seeds_store"]
NOW = datetime(2024, 1, 1, tzinfo=UTC)


def test_markdown_on_accepted_seeds_cites_every_point(seeds_db: Path) -> None:
    with Store.open(seeds_db) as store:
        accept_all(store)
    result = CliRunner().invoke(cli, ["summary", "--db", str(seeds_db), "--detail", "full"])
    assert result.exit_code == 0, result.output
    text = result.output
    points = 0
    for section in text.split("### More detail")[1:]:
        lines = section.split("### Documents", 1)[0].splitlines()
        for index, line in enumerate(lines):
            if line.startswith("- P"):  # a point; its citations are the nested lines under it
                points += 1
                nested = []
                for following in lines[index + 1 :]:
                    if not following.startswith("  - "):
                        break
                    nested.append(following)
                cites = [n for n in nested if re.search(r"“.+” \(claim `[0-9a-f]{16}`\)$", n)]
                assert cites, line
    assert points > 40
    conflicts = text.split("### Conflicts", 1)[1].split("### Timeline", 1)[0]
    assert "Hostages released" in conflicts
    for value in ("110 hostages", "105 hostages", "100 Israelis", "80 Israeli captives"):
        assert value in conflicts
    # Weighed: the majority in bold with its independent sources, the minority after it.
    assert "**October 7**: 3 sources" in conflicts and "September 7: 1 source" in conflicts
    assert "follows story 1" in text


def test_json_and_html_outputs(seeds_db: Path, tmp_path: Path) -> None:
    with Store.open(seeds_db) as store:
        accept_all(store)
    out = tmp_path / "summary.json"
    result = CliRunner().invoke(
        cli, ["summary", "--db", str(seeds_db), "--format", "json", "-o", str(out), "--story", "1"]
    )
    assert result.exit_code == 0, result.output
    summary = Summary.model_validate_json(out.read_text(encoding="utf-8"))
    assert [s.id for s in summary.stories] == [1]
    assert summary.stories[0].conflicts and summary.stories[0].headline
    html_out = tmp_path / "summary.html"
    CliRunner().invoke(
        cli, ["summary", "--db", str(seeds_db), "--format", "html", "-o", str(html_out)]
    )
    page = html_out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)  # self-contained
    assert "<script" not in page
    # Every citation link has its quote to land on.
    targets = set(re.findall(r'href="#(s\d+-[\w-]+)"', page))
    assert targets
    for target in targets:
        assert f'id="{target}"' in page
    missing = CliRunner().invoke(cli, ["summary", "--db", str(seeds_db), "--story", "99"])
    assert missing.exit_code == 1 and "no story 99" in missing.output


def _document(text: str, source: str) -> Document:
    return Document(id=Document.id_for(text), source=source, text=text)


def test_document_text_is_escaped() -> None:
    from summarise.models import Claim, StoryRecord

    text = 'Officials said <script>alert("x")</script> and *bold* [link](http://x) # 40 dead.'
    doc = _document(text, "evil.txt")
    claim = Claim(
        id="c1",
        document_id=doc.id,
        text=text,
        quote=text,
        quote_start=0,
        quote_end=len(text),
        provenance=PROVENANCE,
        status=ClaimStatus.ACCEPTED,
    )
    story = StoryRecord(1, "<b>title</b>", None, None, None, None, 1, 0)
    summary = build_summary([StoryData(story, [doc], [claim])], [], database="db", generated_at=NOW)
    page = render_html(summary)
    assert "<script>" not in page and "&lt;script&gt;" in page and "<b>title" not in page
    markdown = render_markdown(summary)
    assert "<script>" not in markdown and "\\[link\\]" in markdown and "\\*bold\\*" in markdown


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_no_summary_ever_contains_a_pending_or_rejected_claim(
    seeds_store: Store, data: st.DataObject
) -> None:
    stories = load_stories(seeds_store)
    links = load_links(seeds_store, stories)
    claims = [c for story in stories for c in story.claims]
    pattern = data.draw(
        st.lists(st.sampled_from(list(ClaimStatus)), min_size=len(claims), max_size=len(claims))
    )
    status = {c.id: s for c, s in zip(claims, pattern, strict=True)}
    decided = [
        StoryData(
            story.story,
            story.documents,
            [c.model_copy(update={"status": status[c.id]}) for c in story.claims],
            [
                conflict.__class__(
                    **{
                        **conflict.__dict__,
                        "members": [
                            m.__class__(**{**m.__dict__, "status": status[m.claim_id].value})
                            for m in conflict.members
                        ],
                    }
                )
                for conflict in story.conflicts
            ],
        )
        for story in stories
    ]
    summary = build_summary(decided, links, database="db", generated_at=NOW)
    cited = set(re.findall(r'"claim_id": "([0-9a-f]{16})"', render_json(summary)))
    cited |= {i for s in summary.stories for p in s.points() for i in p.claim_ids}
    assert all(status[c] is ClaimStatus.ACCEPTED for c in cited)
    accepted_text = " ".join(
        c.text + " " + c.quote for c in claims if status[c.id] is ClaimStatus.ACCEPTED
    )
    outputs = (render_markdown(summary), render_html(summary), render_json(summary))
    for claim in claims:
        if status[claim.id] is ClaimStatus.ACCEPTED or claim.text in accepted_text:
            continue  # another, accepted claim says the same words
        assert claim.id not in outputs[0] and claim.id not in outputs[1]
        assert claim.id not in outputs[2]
        if not re.search(r"[\\`*_\[\]<>#|&\"']", claim.text):  # unchanged by escaping
            for output in outputs[:2]:
                assert claim.text not in output
    data_json = json.loads(outputs[2])
    assert data_json["counts"]["accepted"] == sum(
        1 for s in status.values() if s is ClaimStatus.ACCEPTED
    )


def test_html_draws_figure_history_and_timeline_inline(seeds_db: Path) -> None:
    with Store.open(seeds_db) as store:
        accept_all(store)
        summary = summarise_store(store)
    page = render_html(summary)
    story = summary.stories[0]
    assert story.figures and story.timeline
    # One inline chart per key figure shown, plus the timeline strip; no external assets.
    # Brief shows the changed ones and then the rest up to the cap; full shows every one.
    shown = sum(len(shown_figures(s.figures)) + bool(s.timeline) for s in summary.stories)
    assert page.count("<svg") == shown
    every = sum(len(s.figures) + bool(s.timeline) for s in summary.stories)
    assert render_html(summary, "full").count("<svg") == every > shown
    assert 'aria-label="timeline"' in page and "<polyline" in page
    assert "<details" in page and "More detail" in page
    assert "disputed" in page


def test_the_summary_is_the_same_whatever_the_hash_seed(seeds_db: Path) -> None:
    # Sets of strings iterate in a different order under each hash seed: nothing in the
    # summary (merging, source counts, ranking, figures) may depend on that order.
    import os
    import subprocess
    import sys

    with Store.open(seeds_db) as store:
        accept_all(store)
    outputs = []
    for seed in ("1", "2"):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "summarise",
                "summary",
                "--db",
                str(seeds_db),
                "--format",
                "json",
            ],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        data = json.loads(done.stdout)
        data.pop("generated_at")
        outputs.append(data)
    assert outputs[0] == outputs[1]
