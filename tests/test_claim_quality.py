"""The claim-quality harness (bench.claim_quality) on small hand-written gold files.

Never the shared corpus: tests/gold_small holds two invented articles with hand-written
gold facts, so every figure below can be checked by reading them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import claim_quality
from bench.fact_scoring import (
    ShapeScore,
    SystemScore,
    content_words,
    covers,
    has_unbalanced_quotes,
    starts_with_dummy_it,
    starts_with_pronoun,
)
from bench.stub_server import StubServer
from summarise.backends.base import BackendOptions
from summarise.backends.openai.backend import OpenAIBackend
from summarise.models import ClaimKind, Extraction, ExtractionKey
from summarise.pipeline.runner import run_batch
from summarise.store import Store
from tests.factories import claim_for, document

GOLD = Path(__file__).resolve().parent / "gold_small"


def test_content_words_drop_stop_words_and_possessives():
    assert content_words("The ferry's crew said it was on strike") == {"ferry", "crew", "strike"}


def test_a_fact_is_covered_at_a_share_of_its_content_words():
    fact = content_words("Crew demanded higher pay")  # crew demanded higher pay
    assert covers(fact, content_words("The crew demanded more pay"), 0.6)  # 3 of 4
    assert not covers(fact, content_words("The crew demanded more"), 0.6)  # 2 of 4
    assert covers(fact, content_words("The crew demanded more"), 0.5)
    assert not covers(frozenset(), content_words("anything"), 0.5)  # an empty fact never


def test_recall_lead_and_share_of_claims_covering_a_fact():
    score = SystemScore("claims")
    facts = ["Crew demanded higher pay", "The operator agreed to a 6% rise"]
    score.add(facts, ["Crew demanded higher pay on Monday.", "The weather was fine."])
    out = score.as_dict()
    assert out["recall_60"] == 0.5 and out["facts"] == 2
    assert out["per_article"] == 2.0 and out["covering_share"] == 0.5


@pytest.mark.parametrize(
    ("text", "pronoun", "dummy", "unbalanced"),
    [
        ("He added that the ferry would run.", True, False, False),
        ("“They do have my blessing,” Ada Voss said.", True, False, False),
        ("“I will go,” Ada Voss said.", False, False, False),  # the speaker talking
        ("It was not immediately clear why.", True, True, False),
        ("Ada Voss said: “We will run.", False, False, True),
        ('“We will go," she said.', False, False, False),  # mixed marks still pair
        ('Voss said "the crew" agreed "and', False, False, True),
    ],
)
def test_shape_checks(text: str, pronoun: bool, dummy: bool, unbalanced: bool) -> None:
    assert starts_with_pronoun(text) is pronoun
    assert starts_with_dummy_it(text) is dummy
    assert has_unbalanced_quotes(text) is unbalanced


def test_shape_score_counts_and_shares():
    shape = ShapeScore()
    shape.add(["He went.", "Voss went.", "It was unclear if so.", "“Open"], keep_examples=2)
    out = shape.as_dict()
    assert out["pronoun_initial_count"] == 2 and out["unbalanced_quotes_count"] == 1
    assert out["pronoun_initial"] == 0.5 and out["pronoun_initial_needing_referent"] == 0.25
    assert shape.examples == ["He went.", "It was unclear if so."]


def test_gold_files_are_matched_to_articles_by_name():
    gold = claim_quality.load_gold(GOLD)
    assert sorted(gold) == ["ferry.txt", "quarry.txt"]
    assert len(gold["ferry.txt"]) == 5


def test_a_malformed_gold_file_is_a_clear_error(tmp_path: Path, capsys) -> None:
    (tmp_path / "gold_x.json").write_text('{"not": "a list"}', encoding="utf-8")
    assert claim_quality.main(["--gold", str(tmp_path)]) == 2
    assert "expected a JSON list of strings" in capsys.readouterr().err


def test_no_gold_directory_skips_cleanly(tmp_path: Path, capsys) -> None:
    assert claim_quality.main(["--gold", str(tmp_path / "absent")]) == 0
    assert "skipped" in capsys.readouterr().out


def test_a_missing_database_is_a_clear_error(tmp_path: Path, capsys) -> None:
    assert claim_quality.main(["--gold", str(GOLD), "--db", str(tmp_path / "no.db")]) == 2
    assert "no database" in capsys.readouterr().err


def test_regex_run_end_to_end_writes_json(tmp_path: Path, capsys) -> None:
    out = tmp_path / "results.json"
    assert claim_quality.main(["--gold", str(GOLD), "--json", str(out)]) == 0
    (result,) = json.loads(out.read_text(encoding="utf-8"))
    assert result["key"]["backend"] == "regex"
    claims, lead, every = result["systems"]
    assert [s["name"] for s in result["systems"]] == ["claims", "lead-N sentences", "all sentences"]
    assert claims["articles"] == lead["articles"] == every["articles"] == 2
    assert claims["facts"] == 8
    # Lead-N takes as many sentences as there are claims: the same count per article.
    assert claims["per_article"] == lead["per_article"]
    assert every["recall_60"] >= lead["recall_60"]
    # The ferry's "She added ..." names Ada Voss, so the fares fact is covered by a claim.
    assert claims["recall_60"] >= 0.75
    # "It ended ..." names the strike; "It had been opposed ..." (the quarry, the object of a
    # reported clause) has no rule to name it: one claim in eight keeps its pronoun.
    assert result["shape"]["pronoun_initial_count"] == 1
    assert "regex / rules /" in capsys.readouterr().out


def test_any_database_scores_each_extraction_key_apart(tmp_path: Path) -> None:
    ferry = (GOLD / "ferry.txt").read_text(encoding="utf-8")
    doc = document(ferry, str(tmp_path / "ferry.txt"))
    good = claim_for(
        doc, "The strike began on March 3 when crew demanded higher pay.", kind=ClaimKind.EVENT
    )
    with Store.open(tmp_path / "scored.db") as store:
        store.save_extraction(
            doc,
            Extraction(document_id=doc.id, claims=[good]),
            key=ExtractionKey("test", "hand", "t1"),
            run_id=None,
        )
        (result,) = claim_quality.score_store(store, claim_quality.load_gold(GOLD))
    assert result["key"] == {"backend": "test", "model": "hand", "prompt_version": "t1"}
    claims, lead, _ = result["systems"]
    assert claims["articles"] == 1  # the quarry article is not in this database
    assert claims["recall_60"] == 0.2  # one of the ferry's five facts
    assert lead["per_article"] == 1.0


def test_the_model_backend_against_a_stub_server_is_scored(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ("ferry.txt", "quarry.txt"):
        (folder / name).write_text((GOLD / name).read_text(encoding="utf-8"), encoding="utf-8")
    with StubServer(0.0) as stub, Store.open(tmp_path / "model.db") as store:
        backend = OpenAIBackend(BackendOptions(base_url=stub.base_url, model="stub"))
        report = run_batch(store, backend, [str(folder)])
        assert report.status == "completed"
        (result,) = claim_quality.score_store(store, claim_quality.load_gold(GOLD))
    assert result["key"]["backend"] == "openai" and result["key"]["model"] == "stub"
    claims, lead, every = result["systems"]
    assert claims["articles"] == 2 and claims["facts"] == 8
    assert lead["per_article"] == claims["per_article"] > 0
    assert 0.0 <= claims["recall_60"] <= every["recall_60"] <= 1.0
