"""`python -m bench.claim_quality`: how well claims cover human-written facts, and how many
cannot stand alone, side by side with two baselines measured in the same run.

Gold: a directory holding articles (`<name>.txt`) and, for some of them, gold fact lists
(`gold_<name>.json`, a JSON list of strings: RoSE atomic content units in the shared corpus).
By default the harness runs the regex backend over every article of the directory into a
temporary database; `--db PATH` scores the claims already in a database instead (any
backend: `summarise batch --backend openai ... --db run.db`, then `--db run.db`). Claims are
scored per extraction key (backend, model, prompt version), so one database holding several
runs compares them. A document is matched to its gold file by the base name of its source.

For each key, over the articles that have gold facts:
  recall@50/60/70   share of facts some claim covers at that content-word overlap
  per_article       claims per article
  covering_share    share of claims that cover at least one fact (at 60%)
and, over every article: the share of claims opening with a bare pronoun and of claims with
unbalanced quotation marks. Baselines, from the same documents: `lead-N` (each article's
first N sentences, N = that article's claim count) and `all sentences`.

With no gold directory (the shared corpus is not on every machine) it says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.fact_scoring import ShapeScore, SystemScore
from summarise.backends.regex.sentences import split_sentences
from summarise.models import Claim, Document
from summarise.store import Store

REPO = Path(__file__).resolve().parent.parent
DEFAULT_GOLD_DIRS = (REPO.parent / "shared" / "corpus", Path("/work/shared/corpus"))


def default_gold_dir() -> Path | None:
    return next((d for d in DEFAULT_GOLD_DIRS if any(d.glob("gold_*.json"))), None)


def load_gold(directory: Path) -> dict[str, list[str]]:
    """Article base name ("c12_01.txt") -> its gold facts."""
    gold: dict[str, list[str]] = {}
    for path in sorted(directory.glob("gold_*.json")):
        facts = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(facts, list) or not all(isinstance(f, str) for f in facts):
            raise ValueError(f"{path.name}: expected a JSON list of strings")
        gold[path.stem.removeprefix("gold_") + ".txt"] = facts
    return gold


def sentences_of(document: Document) -> list[str]:
    return [document.text[s:e] for s, e in split_sentences(document.text)]


def score_store(
    store: Store, gold: dict[str, list[str]], *, examples: int = 0
) -> list[dict[str, Any]]:
    """One result per extraction key in `store`: the key's scores and its baselines'."""
    documents = list(store.documents())
    by_key: dict[tuple[str, str, str], dict[str, list[Claim]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for claim in store.iter_claims():
        p = claim.provenance
        by_key[(p.backend, p.model, p.prompt_version)][claim.document_id].append(claim)
    results = []
    for key, claims_by_document in sorted(by_key.items()):
        results.append(_score_key(key, documents, claims_by_document, gold, examples))
    return results


def _score_key(
    key: tuple[str, str, str],
    documents: Sequence[Document],
    claims_by_document: dict[str, list[Claim]],
    gold: dict[str, list[str]],
    examples: int,
) -> dict[str, Any]:
    system = SystemScore("claims")
    lead = SystemScore("lead-N sentences")
    every = SystemScore("all sentences")
    shape = ShapeScore()
    baseline_shape = ShapeScore()
    for document in documents:
        claims = sorted(claims_by_document.get(document.id, []), key=lambda c: c.quote_start)
        texts = [c.text for c in claims]
        shape.add(texts, keep_examples=examples)
        facts = gold.get(Path(document.source).name)
        if facts is None:
            continue
        sentences = sentences_of(document)
        baseline_shape.add(sentences)
        system.add(facts, texts)
        lead.add(facts, sentences[: len(texts)])
        every.add(facts, sentences)
    return {
        "key": {"backend": key[0], "model": key[1], "prompt_version": key[2]},
        "systems": [system.as_dict(), lead.as_dict(), every.as_dict()],
        "shape": shape.as_dict(),
        "sentence_shape": baseline_shape.as_dict(),
        "examples": shape.examples,
    }


def extract_into(store: Store, directory: Path) -> None:
    """Run the regex backend over the directory's articles (not its sub-directories)."""
    from summarise.backends.regex.backend import RegexBackend
    from summarise.pipeline.runner import run_batch

    files = sorted(str(p) for p in directory.glob("*.txt"))
    report = run_batch(store, RegexBackend(), files)
    if report.status != "completed":
        raise RuntimeError(f"the batch did not complete: {report.errors[:3]}")


def print_report(results: list[dict[str, Any]], out: Any = None) -> None:
    out = out or sys.stdout  # looked up now, so a redirected stdout is honoured
    columns = ("recall_50", "recall_60", "recall_70", "per_article", "covering_share")
    for result in results:
        key = result["key"]
        print(f"\n{key['backend']} / {key['model']} / {key['prompt_version']}", file=out)
        articles = result["systems"][0]["articles"]
        facts = result["systems"][0]["facts"]
        print(f"  gold: {articles} articles, {facts} facts", file=out)
        print(f"  {'':18}" + "".join(f"{c:>15}" for c in columns), file=out)
        for system in result["systems"]:
            cells = "".join(f"{system[c]:>15}" for c in columns)
            print(f"  {system['name']:18}{cells}", file=out)
        shape = result["shape"]
        print(
            f"  all {shape['claims']} claims: pronoun-initial {shape['pronoun_initial']:.1%} "
            f"({shape['pronoun_initial_needing_referent']:.1%} without 'It was unclear ...'), "
            f"unbalanced quotes {shape['unbalanced_quotes']:.1%}",
            file=out,
        )
        for example in result["examples"]:
            print(f"    - {example[:160]!r}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.claim_quality", description=__doc__)
    parser.add_argument("--gold", type=Path, help="directory with gold_*.json (and articles)")
    parser.add_argument("--db", type=Path, help="score this database's claims instead")
    parser.add_argument("--json", type=Path, help="also write the results here as JSON")
    parser.add_argument("--examples", type=int, default=0, help="show N claims that fail shape")
    args = parser.parse_args(argv)
    gold_dir = args.gold or default_gold_dir()
    if gold_dir is None or not gold_dir.is_dir():
        print("claim_quality: no gold directory (../shared/corpus); skipped")
        return 0
    try:
        gold = load_gold(gold_dir)
    except (OSError, ValueError) as error:
        print(f"claim_quality: {error}", file=sys.stderr)
        return 2
    if args.db is not None:
        if not args.db.is_file():
            print(f"claim_quality: no database at {args.db}", file=sys.stderr)
            return 2
        with Store.open(args.db) as store:
            results = score_store(store, gold, examples=args.examples)
    else:
        with (
            tempfile.TemporaryDirectory(prefix="claim-quality-") as tmp,
            Store.open(Path(tmp) / "claims.db") as store,
        ):
            extract_into(store, gold_dir)
            results = score_store(store, gold, examples=args.examples)
    print_report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
