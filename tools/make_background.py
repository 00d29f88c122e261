"""Write summarise/data/background_en.txt, the fixed background word frequencies that story
grouping weighs terms by (see summarise/analysis/background.py for why).

Run by hand when the table should change (it needs `wordfreq`, which the package itself does
not): `python tools/make_background.py`. The output is committed; the package only reads it.
"""

from __future__ import annotations

from pathlib import Path

from wordfreq import top_n_list, zipf_frequency

from summarise.analysis.terms import normalise

WORDS = 60_000
OUT = Path(__file__).resolve().parents[1] / "summarise" / "data" / "background_en.txt"


def main() -> None:
    best: dict[str, float] = {}
    for word in top_n_list("en", WORDS):
        if not word.isalpha() or not word.isascii() or len(word) < 3:
            continue
        term = normalise(word)
        best[term] = max(best.get(term, 0.0), zipf_frequency(word, "en"))
    lines = [f"{term}\t{zipf:.1f}" for term, zipf in sorted(best.items())]
    header = f"# wordfreq {WORDS} commonest English words, normalised; Zipf frequency\n"
    OUT.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
