"""The terms two reports of one fact share however each words it: stems, concepts and numbers.

Outlets restate a fact in other words: "were freed" / "walked free", "investigators are
examining" / "under investigation", "Fourteen homes" / "14 homes". The TF-IDF matcher
(`analysis/similarity.py`) compares these terms instead of surface words:

- **stems** from the Snowball English stemmer (`snowballstemmer`, pure Python, the stemmer
  search engines and Sphinx use). The project's own suffix stripper (`terms.normalise`) is
  deliberately light so that story grouping keeps "Israel" and "Israeli" apart; for matching
  two claims a full stemmer does better: "investigation", "investigators" and
  "investigating" meet at "investig", "derailed" and "derailment" at "derail". Stems only
  feed this matcher; grouping and conflicts keep `terms.normalise`.
- **concepts**: a small table of news verbs and nouns that name one thing in several words
  ("killed", "died", "dead"; "arrested", "detained"; "released", "freed"), each mapped to one
  concept term. It is general news vocabulary, not any article's wording, and only ever adds
  evidence: the vetoes (figures, dates, speakers, negation, plans) still decide.
- **numbers**: each figure the claim states becomes a term ``#<value>``, so a number in
  digits and the same number in words count as one word.

Why not an embedding model: the issue measured MiniLM (without torch) at F1 0.72 against
TF-IDF's 0.69 on corpus pairs, within noise, at 100-1000 times the cost, and the packaged
model needs PyTorch (an 83 MB wheel on top of a CPU torch install); WordLlama linked mostly
wrong pairs. The false links of every method were the same (same topic, another fact), and
the vetoes, not the similarity, stop those.
"""

from __future__ import annotations

import functools
import re
from collections import Counter

import snowballstemmer

from summarise.analysis.claim_facts import ClaimFacts
from summarise.analysis.terms import STOPWORDS, normalise, words

_STEMMER = snowballstemmer.stemmer("english")

# Irregular forms the stemmer leaves alone: form -> the stem of its base form.
_IRREGULAR = {
    "met": "meet",
    "held": "hold",
    "fled": "flee",
    "fell": "fall",
    "fallen": "fall",
    "rose": "rise",
    "risen": "rise",
    "began": "begin",
    "begun": "begin",
    "grew": "grow",
    "grown": "grow",
    "struck": "strike",
    "won": "win",
    "left": "leav",
    "sought": "seek",
    "spoke": "speak",
    "spoken": "speak",
    "took": "take",
    "taken": "take",
    "gave": "give",
    "given": "give",
    "went": "go",
    "gone": "go",
    "came": "come",
    "broke": "break",
    "broken": "break",
    "withdrew": "withdraw",
    "withdrawn": "withdraw",
    "flew": "fli",
    "sent": "send",
    "shot": "shoot",
    "told": "tell",
    "brought": "bring",
    "bought": "buy",
    "paid": "pay",
    "sold": "sell",
    "lost": "lose",
    "burnt": "burn",
    "slain": "slay",
}

# Concept classes: words naming one thing, by stem. The first word names the concept.
_CONCEPTS = (
    "kill die dead death fatal fatality perish slay",
    "injur injuri wound hurt",
    "releas free freed liber",
    "arrest detain detent custodi apprehend",
    "destroy raze flatten demolish wreck",
    "evacu flee displac",
    "begin start launch commenc",
    "investig probe inquiri examin",
    "resign quit",
    "warn threaten caution",
    "reject refus rebuff spurn",
    "approv endors ratifi",
    "accus alleg blame",
    "rise increas climb grow jump surg soar",
    "fall declin decreas drop plung",
    "condemn denounc critic slam",
    "crash derail collis collid",
    "fire blaze wildfir inferno",
    "home hous dwell",
    "talk negoti",
    "close shut",
    "reopen resum",
    "sue lawsuit su",
    "strike walkout stoppag",
    "ceasefir truce",
    "hostag captiv",
    "prison jail imprison",
    "vote ballot",
    "lawmak legisl congressman congresswoman senat",
)
CONCEPT_OF = {stem: line.split()[0] for line in _CONCEPTS for stem in line.split()}


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The concept or Snowball stem of a lower-case word."""
    base = _IRREGULAR.get(word) or _STEMMER.stemWord(word)
    return "~" + CONCEPT_OF[base] if base in CONCEPT_OF else base


def figure_term(value: float) -> str:
    return f"#{value:g}"


# Phrases that name a strike in other words ("walked off the job", "downed tools"): read as
# the word "strike", so they meet "the strike began" and "the walkout".
STRIKE_PHRASES = re.compile(
    r"\b(?:walk(?:ed|s|ing)?\s+off\s+the\s+job|walk(?:ed|s|ing)?\s+out\b(?!\s+(?:of|on)\b)"
    r"|down(?:ed|s|ing)?\s+tools|stay(?:ed|s|ing)?\s+away\s+from\s+work)",
    re.IGNORECASE,
)

# "Held" is a detention only in these phrases ("held in custody", "held without charge",
# "have been held since Friday"); alone it holds talks, votes and meetings too.
HELD_PHRASES = re.compile(
    r"\bheld(?=\s+(?:in\s+custody|on\s+suspicion|for\s+questioning|without\s+charge|since)\b)",
    re.IGNORECASE,
)

# "in order to" is a connective: its "order" is no order given ("give an order to resume").
_IN_ORDER = re.compile(r"\bin\s+order\s+(?:to|that|for)\b", re.IGNORECASE)


def fact_terms(claim: ClaimFacts) -> Counter[str]:
    """How often each comparison term occurs in the claim: stems or concepts of its content
    words (the speaker's own words left out: who says so is the speaker veto's business),
    its entities once each, and its figures' values once each."""
    counts: Counter[str] = Counter()
    text = HELD_PHRASES.sub("detained", STRIKE_PHRASES.sub(" strike ", claim.text))
    for word in words(_IN_ORDER.sub(" ", text)):
        lower = word.lower().replace("’", "'").removesuffix("'s").strip("'-")
        if lower in STOPWORDS or len(lower) < 3 or normalise(lower) in claim.speaker:
            continue
        if "'" in lower and (lower.endswith("n't") or lower.split("'")[0] in STOPWORDS):
            continue  # "don't", "they're": a function word contracted; negation is a veto's
        # business (fact_evidence.py), not a word two claims share
        counts[stem(lower)] += 1
    for entity in claim.entities - claim.speaker:
        if " " in entity:  # single words are already counted by their stem
            counts[entity] = max(counts[entity], 1)
    for figure in claim.figures:
        counts[figure_term(figure.value)] = 1
    return counts


def name_terms(claim: ClaimFacts) -> frozenset[str]:
    """The comparison terms that are names or parts of names (entities and their words'
    stems): what a claim is about, not what it says happened."""
    out = set(claim.entities)
    for entity in claim.entities:
        out.update(stem(word) for word in entity.split())
    return frozenset(out)
