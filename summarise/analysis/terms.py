"""Words a text is about: normalised content words and named entities.

Shared by story grouping, corroboration and conflict detection so that all three agree on
what "the same word" means. Deterministic and dependency-free: lower-casing, a stop list, a
light suffix stripper (not a full stemmer: "released" and "release" meet, "Israel" and
"Israeli" stay apart), and capitalised runs as entities.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from summarise.vocabulary import wordset

_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][\w’'\-]*")
_TOKEN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][\w’'\-]*|\d[\d,.]*|[.;:!?]")

STOPWORDS = wordset(
    """
    a about above after again against all almost also although am among an and another any
    are around as at be because been before being below between both but by can could did
    do does doing down during each either else even ever every few for from further had has
    have having he her here hers herself him himself his how however i if in into is it its
    itself just last least less let like made make many may me might more most much must my
    myself near nearly neither never no nor not now of off on once one only onto or other
    others our ours ourselves out over own per rather said same say says she should since so
    some still such than that the their theirs them themselves then there these they this
    those though through thus to too toward towards under until up upon us very via was we
    were what whatever when where whether which while who whom whose why will with within
    without would yet you your yours yourself yourselves told according added also stated
    noted reported including later earlier already ago new mr mrs ms
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow week
    weeks day days month months year years
    january february march april june july august september october november december
    """
)
# Words that open sentences and headlines in capitals without naming anything.
_NOT_ENTITY = STOPWORDS | wordset(
    "but and the a an in on at for of to as after before while when during meanwhile "
    "however finally speaking its his her their our this that these those"
)


_ENTITY_TOKEN = re.compile(r"[\w’'\-]+|[^\w\s]")


def words(text: str) -> list[str]:
    """The alphabetic words of `text`, in order, as written."""
    return _WORD.findall(text)


def tokens(text: str) -> list[str]:
    """Words, numbers and sentence punctuation, lower-cased, in order (for windows)."""
    return [t.lower() for t in _TOKEN.findall(text)]


@functools.lru_cache(maxsize=65536)
def normalise(word: str) -> str:
    """Lower-case and strip the commonest inflections so that variants meet."""
    w = word.lower().replace("’", "'")
    w = w.removesuffix("'s").strip("'-")
    if len(w) > 5 and w.endswith("ies"):
        return w[:-3] + "y"
    for suffix in ("ing", "ed"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            stem = w[: -len(suffix)]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                stem = stem[:-1]  # "stopped" -> "stop"
            return stem.rstrip("e") if stem.endswith("e") else stem
    if len(w) > 3 and w.endswith("es") and w[-3] in "sxz":
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    return w.rstrip("e") if len(w) > 4 and w.endswith("e") else w


def content_words(text: str) -> set[str]:
    """Normalised words that carry meaning (no stop words, no one- or two-letter words)."""
    out: set[str] = set()
    for word in words(text):
        lower = word.lower()
        if lower in STOPWORDS or len(lower) < 3:
            continue
        out.add(normalise(word))
    return out


def entities(text: str) -> set[str]:
    """Capitalised runs ("Ismail Haniyeh", "Gaza Strip"), lower-cased, plus each run's last
    word so that "Haniyeh" and "Ismail Haniyeh" meet."""
    out: set[str] = set()
    run: list[str] = []
    for token in _ENTITY_TOKEN.findall(text):
        # Most tokens are lower-case words: the first test settles them (this runs on every
        # claim and every document of a batch).
        if token[0].isupper() and len(token) > 1:
            lower = token.lower()
            if lower not in _NOT_ENTITY:
                run.append(lower.removesuffix("’s").removesuffix("'s"))
                continue
        if run:
            _flush(run, out)
            run = []
    _flush(run, out)
    return out


def _flush(run: list[str], out: set[str]) -> None:
    if not run:
        return
    out.add(" ".join(run))
    if len(run) > 1:
        out.add(run[-1])


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    first, second = set(a), set(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)
