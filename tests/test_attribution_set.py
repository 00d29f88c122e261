"""Attribution precision on the hand-labelled set (tests/attribution_labels.py)."""

from __future__ import annotations

import re

from summarise.backends.regex.backend import RegexBackend
from summarise.models import Claim, Document
from tests.attribution_labels import ARTICLE_LABELS, ARTICLES, SEED_LABELS
from tests.factories import document

TARGET_PRECISION = 0.97


def speaker_of(attribution: str | None) -> str | None:
    """The named speaker of an attribution: "he (X)" -> "X", "X (to AFP)" -> "X"."""
    if attribution is None:
        return None
    m = re.fullmatch(r"(?:he|she|they|it|He|She|They|It) \((.+)\)", attribution)
    speaker = m.group(1) if m else attribution
    return re.sub(r" \(to [^()]+\)$", "", speaker)


def labelled_claims(seed_documents: dict[str, Document]) -> list[tuple[str, Claim | None]]:
    """(expected speaker, the claim quoting the labelled fragment) for every label."""
    pairs: list[tuple[str, Claim | None]] = []
    documents = {name[:3]: doc for name, doc in seed_documents.items()}
    documents |= {name: document(text, f"{name}.txt") for name, text in ARTICLES.items()}
    extracted = {key: RegexBackend().extract_sync(doc).claims for key, doc in documents.items()}
    for key, fragment, speaker in SEED_LABELS + ARTICLE_LABELS:
        found = [c for c in extracted[key] if fragment in c.quote]
        assert len(found) <= 1, f"{fragment!r} is in {len(found)} claims"
        pairs.append((speaker, found[0] if found else None))
    return pairs


def test_the_set_is_large_enough():
    assert len(SEED_LABELS) + len(ARTICLE_LABELS) >= 80


def test_attribution_precision(seed_documents):
    pairs = labelled_claims(seed_documents)
    attributed = [(speaker, c) for speaker, c in pairs if c is not None and c.attribution]
    wrong = [
        (speaker, c.attribution, c.quote[:60])
        for speaker, c in attributed
        if speaker_of(c.attribution) != speaker
    ]
    precision = 1 - len(wrong) / len(attributed)
    recall = len(attributed) / len(pairs)
    print(f"attribution precision {precision:.3f}, attributed {recall:.3f} of {len(pairs)}")
    assert precision >= TARGET_PRECISION, wrong
    assert recall >= 0.9, [s for s, c in pairs if c is None or not c.attribution]


def test_two_speakers_in_one_sentence_are_two_statements(seed_documents):
    claims = (
        RegexBackend()
        .extract_sync(seed_documents[next(n for n in seed_documents if n.startswith("002"))])
        .claims
    )
    herzog = [c for c in claims if "Herzog said his country" in c.quote]
    netanyahu = [c for c in claims if "Netanyahu said on Tuesday" in c.quote]
    assert [c.attribution for c in herzog] == ["Israeli President Isaac Herzog"]
    assert [c.attribution for c in netanyahu] == ["Israeli Prime Minister Benjamin Netanyahu"]
    assert "Herzog" not in netanyahu[0].quote and "Netanyahu" not in herzog[0].quote
