"""Draw the merged-pair sample of `bench/corpus_merged_sample.json` again, reproducibly.

    python -m bench.draw_merged_sample [CORPUS_DIR] [--show]

Runs the regex backend over the corpus with every claim accepted, collects every pair of
claims of different documents that the summary shows in one point of a multi-document
story, and draws 50 with `random.Random(SEED).sample` over the pairs in sorted order. Verdicts
already in the sample file are kept for pairs drawn again (same files and offsets); new pairs
get `"same": null` until checked by hand. `--show` prints each pair's text for checking (to
the terminal only: no corpus text is written to the repository).
"""

from __future__ import annotations

import itertools
import json
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.summary_quality import MERGED_SAMPLE, _cli, accept_all, all_points, corpus_dir
from summarise.store import Store

SEED = 22
SIZE = 50
Span = tuple[str, int, int]


def merged_pairs(directory: Path, workdir: Path) -> tuple[list[tuple[Span, Span]], dict]:
    db = workdir / "sample.db"
    files = sorted(str(f) for f in directory.glob("*.txt"))
    _cli("batch", "--db", str(db), "--backend", "regex", *files)
    accept_all(db)
    summary = json.loads(_cli("summary", "--db", str(db), "--format", "json"))
    with Store.open(db) as store:
        names = {d.id: Path(d.source).name for d in store.documents()}
        claims = {c.id: c for c in store.iter_claims()}
    pairs: set[tuple[Span, Span]] = set()
    for story in summary["stories"]:
        if len(story["documents"]) < 2:
            continue
        for point in all_points(story):
            spans = sorted(
                (names[claims[i].document_id], claims[i].quote_start, claims[i].quote_end)
                for i in point["claim_ids"]
            )
            pairs.update((a, b) for a, b in itertools.combinations(spans, 2) if a[0] != b[0])
    texts = {(names[c.document_id], c.quote_start, c.quote_end): c.text for c in claims.values()}
    return sorted(pairs), texts


def _span(span: Span) -> dict[str, Any]:
    return {"file": span[0], "start": span[1], "end": span[2]}


def main(argv: list[str]) -> None:
    show = "--show" in argv
    args = [a for a in argv if a != "--show"]
    directory = Path(args[0]) if args else corpus_dir()
    old = json.loads(MERGED_SAMPLE.read_text(encoding="utf-8"))
    verdicts = {
        (p["first"]["file"], p["first"]["start"], p["second"]["file"], p["second"]["start"]): p
        for p in old["pairs"]
    }
    with tempfile.TemporaryDirectory() as tmp:
        population, texts = merged_pairs(directory, Path(tmp))
    drawn = random.Random(SEED).sample(population, min(SIZE, len(population)))
    out = []
    for first, second in drawn:
        known = verdicts.get((first[0], first[1], second[0], second[1]), {})
        entry = {"first": _span(first), "second": _span(second), "same": known.get("same")}
        if known.get("note"):
            entry["note"] = known["note"]
        out.append(entry)
        if show:
            mark = {True: "same", False: "DIFF", None: "????"}[entry["same"]]
            print(
                f"[{len(out) - 1}] {mark} {first} {second}\n  A: {texts[first]}\n"
                f"  B: {texts[second]}"
            )
    judged = [p["same"] for p in out if p["same"] is not None]
    old.update(
        population=len(population),
        precision=round(sum(judged) / len(judged), 3) if judged else None,
        pairs=out,
    )
    MERGED_SAMPLE.write_text(json.dumps(old, indent=1) + "\n", encoding="utf-8")
    print(f"{len(population)} merged pairs, {len(out)} drawn, {len(judged)} already judged")


if __name__ == "__main__":
    main(sys.argv[1:])
