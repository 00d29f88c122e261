"""How telling a term is, from a fixed background reference rather than from the collection.

Story grouping used to weigh terms by their inverse document frequency in the database: a
story's grouping then changed when unrelated documents arrived (a README, another year of
news), because every weight moved. Weights here come from one table shipped with the package,
`data/background_en.txt`: the Zipf frequency (log10 of occurrences per billion words) of the
60,000 commonest English words in `wordfreq` 3.1 (a public, well-kept frequency list mixing
news, books, subtitles and the web; written by `tools/make_background.py`, normalised the
way `terms.normalise` normalises document words). The package reads the table and does not
depend on `wordfreq` itself.

A term's weight is how many orders of magnitude rarer than "the" it is, the background
analogue of an IDF: a word not in the table is rarer than all of them, and an entity
("e:gaza strip") is as rare as its rarest word, since a name says as much as its least common
part. So a document's weights depend on its own text only.
"""

from __future__ import annotations

import functools

from summarise.analysis.terms import normalise
from summarise.resources import background_table

COMMONEST_ZIPF = 8.0  # above every English word ("the" is 7.7)
UNSEEN_ZIPF = 1.5  # a word too rare to be in the table: rarer than all that are
ENTITY_BONUS = 1.0  # a capitalised run names something: one order of magnitude more telling


@functools.cache
def _zipf() -> dict[str, float]:
    table: dict[str, float] = {}
    with background_table().open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            term, _, value = line.rstrip("\n").partition("\t")
            table[term] = float(value)
    return table


def zipf(term: str) -> float:
    """The background Zipf frequency of a normalised word (UNSEEN_ZIPF when not listed)."""
    return _zipf().get(term, UNSEEN_ZIPF)


@functools.lru_cache(maxsize=131072)
def weight(term: str) -> float:
    """The weight of a grouping term: a normalised word, or an entity prefixed `e:`."""
    if term.startswith("e:"):
        parts = [p for p in term[2:].replace("-", " ").split() if p]
        rarest = min((zipf(normalise(p)) for p in parts), default=UNSEEN_ZIPF)
        return COMMONEST_ZIPF - rarest + ENTITY_BONUS
    return COMMONEST_ZIPF - zipf(term)
