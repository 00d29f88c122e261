"""Summary quality on real text: run the real CLI (`batch`, then `summary`) on a directory with
every claim accepted, and measure what an editor would check.

`python -m bench.summary_quality seeds/` (or the shared corpus directory). The corpus is read
where it lies; nothing of it is copied into the repository. Measured:
  - points per accepted claim, and the share of points in multi-document stories that cite
    more than one document (merging);
  - summary words ÷ source words, overall and for the worst story (concision);
  - the headline's source count per story.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from summarise.models import ClaimStatus, ReviewAction
from summarise.store import ClaimFilter, Store

_WORD = re.compile(r"\S+")


def accept_all(db: Path) -> int:
    """Accept every pending claim, as a reviewer pressing `a` on each would."""
    accepted = 0
    with Store.open(db) as store:
        for claim in list(store.iter_claims(ClaimFilter(status=ClaimStatus.PENDING))):
            store.decide(
                claim.id, ReviewAction.ACCEPT, reviewer="bench", expected_version=claim.version
            )
            accepted += 1
    return accepted


def _cli(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "summarise", *args], capture_output=True, text=True, check=True
    )
    return done.stdout


def words(text: str) -> int:
    return len(_WORD.findall(text))


def story_markdown(markdown: str) -> dict[int, str]:
    """Story id -> its section of the Markdown summary."""
    parts = re.split(r"^## Story (\d+):", markdown, flags=re.MULTILINE)
    return {int(parts[i]): parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def all_points(story: dict[str, Any]) -> list[dict[str, Any]]:
    """Every point of a story in the JSON summary (old layout: under topics; new: detail)."""
    if "detail" in story:
        return [p for topic in story["detail"] for p in topic["points"]]
    return [p for topic in story["topics"] for p in topic["points"]]


PAIRS = Path(__file__).resolve().parent / "corpus_merge_pairs.json"
# 50 merged cross-document pairs sampled from this matcher's output and checked by hand.
MERGED_SAMPLE = Path(__file__).resolve().parent / "corpus_merged_sample.json"


def merge_quality(db: Path, summary: dict[str, Any], pairs_file: Path = PAIRS) -> dict[str, Any]:
    """Precision and recall of merging on the hand-labelled corpus pairs: a pair is merged
    when the summary shows both claims in one point."""
    pairs = json.loads(pairs_file.read_text(encoding="utf-8"))["pairs"]
    point_of = {
        claim: (story["id"], point["id"])
        for story in summary["stories"]
        for point in all_points(story)
        for claim in point["claim_ids"]
    }
    with Store.open(db) as store:
        names = {d.id: Path(d.source).name for d in store.documents()}
        spans = {
            (names[c.document_id], c.quote_start, c.quote_end): c.id for c in store.iter_claims()
        }
    found = merged_right = merged = same = 0
    for pair in pairs:
        first = spans.get((pair["first"]["file"], pair["first"]["start"], pair["first"]["end"]))
        second = spans.get((pair["second"]["file"], pair["second"]["start"], pair["second"]["end"]))
        if first is None or second is None:
            continue  # the extractor changed: this pair's claims are not there to compare
        found += 1
        together = point_of.get(first) is not None and point_of.get(first) == point_of.get(second)
        merged += together
        same += pair["same"]
        merged_right += together and pair["same"]
    return {
        "pairs": len(pairs),
        "pairs_found": found,
        "precision": round(merged_right / merged, 3) if merged else 1.0,
        "recall": round(merged_right / same, 3) if same else 1.0,
    }


def measure(directory: Path, workdir: Path, *, extra: tuple[str, ...] = ()) -> dict[str, Any]:
    db = workdir / "summary-bench.db"
    db.unlink(missing_ok=True)
    # The directory's own .txt files: subdirectories (the corpus's awkward/) are not articles.
    files = sorted(str(f) for f in directory.glob("*.txt"))
    _cli("batch", "--db", str(db), "--backend", "regex", *files)
    accepted = accept_all(db)
    markdown = _cli("summary", "--db", str(db), *extra)
    summary = json.loads(_cli("summary", "--db", str(db), "--format", "json", *extra))
    source_words: dict[str, int] = {}
    with Store.open(db) as store:
        for document in store.documents():
            source_words[document.id] = words(document.text)
    sections = story_markdown(markdown)
    stories: list[dict[str, Any]] = []
    multi_points = multi_cited = 0
    for story in summary["stories"]:
        points = all_points(story)
        docs = [d["document_id"] for d in story["documents"]]
        story_source = sum(source_words[d] for d in docs)
        story_words = words(sections.get(story["id"], ""))
        if len(docs) > 1:
            multi_points += len(points)
            multi_cited += sum(1 for p in points if p["documents"] > 1)
        best = next((p for p in points if p["id"] == story.get("headline_claim_id")), None)
        stories.append(
            {
                "id": story["id"],
                "documents": len(docs),
                "points": len(points),
                "words": story_words,
                "source_words": story_source,
                "ratio": round(story_words / story_source, 3) if story_source else 0.0,
                "headline": story["headline"],
                "headline_sources": best["sources"] if best else None,
            }
        )
    corpus = (directory / "MANIFEST.md").exists()
    merging = merge_quality(db, summary) if corpus else None
    merged_sample = merge_quality(db, summary, MERGED_SAMPLE) if corpus else None
    total_source = sum(source_words.values())
    total_words = words(markdown)
    return {
        "documents": len(source_words),
        "accepted_claims": accepted,
        "points": sum(s["points"] for s in stories),
        "markdown_words": total_words,
        "source_words": total_source,
        "ratio": round(total_words / total_source, 3),
        "worst_story_ratio": max((s["ratio"] for s in stories), default=0.0),
        "multi_document_points": multi_points,
        "multi_document_points_citing_several": multi_cited,
        "share_citing_several": round(multi_cited / multi_points, 3) if multi_points else 0.0,
        "merging": merging,
        "merged_sample": merged_sample,
        "stories": stories,
    }


REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
TARGET_RATIO = 1 / 3  # summary words / source words, per story


def corpus_dir() -> Path:
    """The shared corpus: $SUMMARISE_CORPUS, else ../shared/corpus beside the repository."""
    import os

    return Path(os.environ.get("SUMMARISE_CORPUS") or REPO.parent / "shared" / "corpus")


def build(sizes: dict[str, Any], title: str) -> Any:
    """The bench section: the seeds always; the shared corpus when it is there (and the run
    is not --quick), skipped with a note otherwise."""
    from bench.report import Figure, Section, Target

    with tempfile.TemporaryDirectory() as tmp:
        seeds = measure(SEEDS, Path(tmp))
        corpus_path = corpus_dir()
        corpus = None
        if sizes.get("summary_corpus") and (corpus_path / "MANIFEST.md").exists():
            corpus = measure(corpus_path, Path(tmp))
    section = Section("summary", title, details={"seeds": seeds, "corpus": corpus})
    section.figures = [
        Figure(
            "seeds: worst story words / source words",
            seeds["worst_story_ratio"],
            "x",
            Target("<=", round(TARGET_RATIO, 3)),
            f"{seeds['points']} points for {seeds['accepted_claims']} accepted claims",
        ),
        Figure(
            "seeds: multi-document points citing >1 document",
            seeds["share_citing_several"],
            "share",
        ),
    ]
    if corpus is None:
        note = "skipped: --quick" if not sizes.get("summary_corpus") else f"no {corpus_path}"
        section.figures.append(Figure("shared corpus", 0.0, "-", note=note))
        return section
    merging = corpus["merging"] or {}
    section.figures += [
        Figure(
            "corpus: summary words / source words",
            corpus["ratio"],
            "x",
            Target("<=", 0.33),
            f"{corpus['markdown_words']:,} words for {corpus['source_words']:,}",
        ),
        Figure(
            "corpus: worst story words / source words",
            corpus["worst_story_ratio"],
            "x",
            Target("<=", round(TARGET_RATIO, 3)),
        ),
        Figure(
            "corpus: multi-document points citing >1 document",
            corpus["share_citing_several"],
            "share",
            note=f"{corpus['multi_document_points_citing_several']} of "
            f"{corpus['multi_document_points']}",
        ),
        Figure(
            "corpus: merge precision (hand-labelled pairs)", merging.get("precision", 0), "share"
        ),
        Figure("corpus: merge recall (hand-labelled pairs)", merging.get("recall", 0), "share"),
    ]
    return section


def main(argv: list[str]) -> None:
    directory = Path(argv[0])
    if not directory.is_dir():
        print(f"skipped: {directory} is not a directory", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as tmp:
        result = measure(directory, Path(tmp), extra=tuple(argv[1:]))
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
