"""Story grouping accuracy on the shared news corpus (not part of the test suite).

    python bench/story_grouping.py [CORPUS_DIR] [--threshold T]

Reads every article (cNN_MM.txt: cluster NN) with the same ingest as `summarise batch`,
groups them with `summarise.stories.group`, and prints pairwise precision and recall against
the clusters, how many clusters came out exactly, and whether the near-miss pairs the corpus
MANIFEST names (c01/c02, c03/c04, c19/c20) stayed apart. The corpus is read where it lies and
never copied.
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from summarise.analysis.grouping import THRESHOLD, StoryDocument, group
from summarise.ingest.reader import expand_inputs, read_input

NEAR_MISSES = (("c01", "c02"), ("c03", "c04"), ("c19", "c20"))
_CLUSTER = re.compile(r"^(c\d\d)_\d\d\.txt$")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", default="/work/shared/corpus")
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    args = parser.parse_args()
    documents: list[StoryDocument] = []
    gold: dict[str, str] = {}
    for path in expand_inputs([args.corpus]):
        result = read_input(path)
        if result.document is None:
            continue
        name = Path(path).name
        documents.append(
            StoryDocument(
                name, result.document.text, result.document.published, result.document.title
            )
        )
        match = _CLUSTER.match(name)
        if match:
            gold[name] = match.group(1)
    started = time.perf_counter()
    groups = group(documents, threshold=args.threshold)
    seconds = time.perf_counter() - started
    predicted = {doc: index for index, g in enumerate(groups) for doc in g.documents}
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(gold), 2):
        same_gold, same_predicted = gold[a] == gold[b], predicted[a] == predicted[b]
        tp += same_gold and same_predicted
        fp += same_predicted and not same_gold
        fn += same_gold and not same_predicted
    clusters = sorted(set(gold.values()))
    exact = sum(
        1
        for cluster in clusters
        if {d for d in gold if gold[d] == cluster}
        in [{d for d in g.documents if d in gold} for g in groups]
    )
    print(
        f"{len(documents)} documents ({len(gold)} in clusters), threshold {args.threshold}, "
        f"grouped in {seconds:.2f}s into {len(groups)} stories"
    )
    print(
        f"pairwise precision {tp / max(1, tp + fp):.3f}, recall {tp / max(1, tp + fn):.3f}; "
        f"{exact}/{len(clusters)} clusters exactly right"
    )
    for first, second in NEAR_MISSES:
        merged = any(
            predicted[a] == predicted[b]
            for a in gold
            if gold[a] == first
            for b in gold
            if gold[b] == second
        )
        print(f"near miss {first} vs {second}: {'MERGED' if merged else 'kept apart'}")
    for g in groups:
        members = [d for d in g.documents if d in gold]
        if len({gold[d] for d in members}) > 1 or (
            members and len(members) != sum(1 for d in gold if gold[d] == gold[members[0]])
        ):
            print("  off:", " ".join(g.documents))


if __name__ == "__main__":
    main()
