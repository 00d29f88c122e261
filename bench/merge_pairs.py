"""Same fact or not: sentence pairs written for this project, and the matcher measured on them.

    python -m bench.merge_pairs [--show]

Every name, place and number below is invented. Each pair is two reports' sentences, as two
outlets would write them: the same fact in other words (a verb for its synonym, a number in
digits and in words, a fact with and without who said it, a quotation framed two ways), or a
hard negative: the same topic and names with another fact, a plan against the event, a
negation, another tense, another number, place, actor, date or speaker.

Each sentence is a claim of its own document; all of them are matched as one story (the term
weights are computed over all of them, as the matcher computes them over a story's claims),
and a pair counts as merged when the matcher links its two claims. Links between sentences of
different pairs are not counted. `--show` prints the pairs the matcher gets wrong.
"""

from __future__ import annotations

import sys

from bench.merge_pairs_facts import FACT_PAIRS, Pair, Side
from summarise.analysis.claim_facts import ClaimFacts, facts_for
from summarise.analysis.corroboration import ClaimMatcher, TfidfMatcher
from summarise.backends.regex.figures import find_figures
from summarise.models import Claim, ClaimKind, Document, Provenance

S = Side
SAME, DIFFERENT = True, False
_MADE_HERE = Provenance(backend="bench", model="hand", prompt_version="pairs")

PAIRS: list[Pair] = [
    # Same fact, other words.
    Pair(
        S("Eleven miners were freed from the collapsed Tollis shaft on Thursday."),
        S("The 11 trapped miners walked free from the Tollis mine on Thursday."),
        SAME,
        "freed / walked free; number in words and digits",
    ),
    Pair(
        S("Police arrested 37 protesters outside the Caldmere town hall.", "Police"),
        S(
            "Thirty-seven demonstrators were detained outside Caldmere's town hall, police said.",
            "police",
        ),
        SAME,
        "arrested / detained",
    ),
    Pair(
        S("Fire destroyed 26 homes in the hamlet of Pellham overnight."),
        S("Twenty-six houses were razed when the blaze swept through Pellham."),
        SAME,
        "destroyed / razed, homes / houses, fire / blaze",
    ),
    Pair(
        S("The Norvane Air flight landed safely in Quillon after a bomb threat."),
        S("A Norvane Air plane touched down safely at Quillon following a bomb threat."),
        SAME,
        "landed / touched down",
    ),
    Pair(
        S("Investigators are examining why the Arden Rail freight train derailed near Fenmark."),
        S("The cause of the Arden Rail derailment near Fenmark is under investigation."),
        SAME,
        "examining / under investigation",
    ),
    Pair(
        S("Dock workers in Orrin Bay walked out on Monday in a dispute over pay."),
        S("The Orrin Bay dock strike began on Monday in a dispute over pay."),
        SAME,
        "walked out / strike began",
    ),
    Pair(
        S("The mayor of Caldmere, Ines Varga, resigned on Friday."),
        S("Caldmere mayor Ines Varga quit her post on Friday."),
        SAME,
        "resigned / quit",
    ),
    Pair(
        S("At least 14 people died when the ferry capsized off Sundry Reach."),
        S("The ferry capsizing off Sundry Reach killed at least 14 people."),
        SAME,
        "died / killed",
    ),
    Pair(
        S("The Brightwater Union approved the new fishing quota on Tuesday."),
        S("Members of the Brightwater Union endorsed the fishing quota in a vote on Tuesday."),
        SAME,
        "approved / endorsed",
    ),
    Pair(
        S(
            "The company will close its Fenmark plant in March, a spokesman for Tollis said.",
            "a spokesman for Tollis",
        ),
        S("Tollis will close its Fenmark plant in March."),
        SAME,
        "with and without its attribution",
    ),
    Pair(
        S('"We will rebuild every house," said Governor Amara Osei.', "Governor Amara Osei"),
        S(
            'Governor Amara Osei promised: "We will rebuild every house in the valley."',
            "Governor Amara Osei",
        ),
        SAME,
        "one quotation framed two ways",
    ),
    Pair(
        S("The river at Quillon peaked at 6.2 metres on Sunday."),
        S("On Sunday the Quillon gauge showed the river at its peak of 6.2 metres."),
        SAME,
        "decimal figure, reordered",
    ),
    Pair(
        S("Tollis Mining cut 420 jobs at its Caldmere site."),
        S("Some 420 workers lost their jobs when Tollis Mining downsized its Caldmere site."),
        SAME,
        "cut jobs / lost their jobs",
    ),
    Pair(
        S("The storm left 8,000 households without power across Tessaly Vale."),
        S("About 8,000 homes in Tessaly Vale lost power in the storm."),
        SAME,
        "households / homes",
    ),
    Pair(
        S("Ines Varga was elected mayor of Caldmere with 61 percent of the vote."),
        S("With 61 percent of the ballots, Ines Varga won the Caldmere mayoral race."),
        SAME,
        "elected / won the race, vote / ballots",
    ),
    Pair(
        S("Health officials confirmed 23 new cases of measles in Pellham.", "Health officials"),
        S(
            "Twenty-three more measles cases were recorded in Pellham, health officials said.",
            "health officials",
        ),
        SAME,
        "confirmed / recorded",
    ),
    Pair(
        S("Rescuers evacuated 300 residents from flooded streets in Orrin Bay."),
        S("Some 300 people were evacuated from the flooded streets of Orrin Bay by rescue crews."),
        SAME,
        "active / passive",
    ),
    Pair(
        S("The court sentenced former minister Pavel Dane to six years in prison."),
        S("Pavel Dane, a former minister, was jailed for six years by the court."),
        SAME,
        "sentenced to prison / jailed",
    ),
    Pair(
        S("Norvane Air cancelled 112 flights because of the strike."),
        S("A hundred and twelve Norvane Air flights were cancelled due to the strike."),
        SAME,
        "compound number in words",
    ),
    Pair(
        S("Tollis shares fell 12 percent after the accident."),
        S("Shares in Tollis dropped 12 percent following the accident."),
        SAME,
        "fell / dropped",
    ),
    Pair(
        S("The rebels released 19 hostages near Sundry Reach."),
        S("Nineteen hostages were set free by the rebels near Sundry Reach."),
        SAME,
        "released / set free",
    ),
    Pair(
        S(
            "Quillon police said a 34-year-old man was taken into custody on Monday.",
            "Quillon police",
        ),
        S("A 34-year-old man was arrested in Quillon on Monday, police said.", "police"),
        SAME,
        "taken into custody / arrested",
    ),
    Pair(
        S("Temperatures in Tessaly Vale reached 41 degrees on Saturday."),
        S("Tessaly Vale recorded a temperature of 41 degrees on Saturday."),
        SAME,
        "reached / recorded",
    ),
    Pair(
        S("The Fenmark bridge reopened to traffic on Wednesday after three weeks of repairs."),
        S("Cars were back on the Fenmark bridge on Wednesday when it reopened after repairs."),
        SAME,
        "reopened, other frame",
    ),
    Pair(
        S("A landslide buried 17 cars on the coast road north of Quillon."),
        S("Seventeen vehicles were buried under a landslide on the coast road north of Quillon."),
        SAME,
        "cars / vehicles",
    ),
    # Hard negatives: same topic or names, another fact.
    Pair(
        S("Eleven miners were freed from the collapsed Tollis shaft on Thursday."),
        S("Rescuers drilled a second shaft to reach the trapped Tollis miners on Wednesday."),
        DIFFERENT,
        "same story, earlier step",
    ),
    Pair(
        S("The Brightwater Union approved the fishing quota on Tuesday."),
        S("The Brightwater Union will vote on the fishing quota next week."),
        DIFFERENT,
        "event / plan",
    ),
    Pair(
        S("Tollis closed its Fenmark plant in March."),
        S("Tollis did not close its Fenmark plant in March."),
        DIFFERENT,
        "negation",
    ),
    Pair(
        S("Police arrested 37 protesters outside the Caldmere town hall on Friday."),
        S("Police arrested 52 protesters outside the Caldmere town hall on Friday."),
        DIFFERENT,
        "other number: a conflict, not one fact",
    ),
    Pair(
        S("Governor Amara Osei visited Pellham on Friday."),
        S("Governor Amara Osei will visit Pellham on Friday."),
        DIFFERENT,
        "tense: done / planned",
    ),
    Pair(
        S("Ines Varga said the town budget was balanced.", "Ines Varga"),
        S("The opposition leader, Tomas Reyl, said the town budget was balanced.", "Tomas Reyl"),
        DIFFERENT,
        "two speakers, two statements",
    ),
    Pair(
        S("The ferry capsized off Sundry Reach on Sunday."),
        S("The ferry's operator had been fined twice for overloading boats off Sundry Reach."),
        DIFFERENT,
        "same ferry, background",
    ),
    Pair(
        S("Dock workers in Orrin Bay walked out on March 3 over pay."),
        S("Dock workers in Orrin Bay walked out on April 9 over pay."),
        DIFFERENT,
        "other date",
    ),
    Pair(
        S("Fire destroyed 26 homes in Pellham."),
        S("Fire destroyed 26 acres of forest near Pellham."),
        DIFFERENT,
        "same number, another thing",
    ),
    Pair(
        S("The Fenmark bridge reopened to traffic on Wednesday."),
        S("The Fenmark bridge has not reopened to traffic."),
        DIFFERENT,
        "negation",
    ),
    Pair(
        S("Norvane Air cancelled 112 flights because of the strike."),
        S("Norvane Air plans to cancel 112 flights next month because of the strike."),
        DIFFERENT,
        "event / plan",
    ),
    Pair(
        S("Rescuers evacuated 300 residents from flooded streets in Orrin Bay."),
        S("Rescuers evacuated 300 residents from flooded streets in Quillon."),
        DIFFERENT,
        "other place",
    ),
    Pair(
        S("The council voted 9 to 4 to build a new school in Quillon."),
        S("Nine teachers at the Quillon school signed a letter to the council."),
        DIFFERENT,
        "same small number, unrelated",
    ),
    Pair(
        S("The river at Quillon peaked at 6.2 metres on Sunday."),
        S("The river at Quillon last peaked above six metres in 1998."),
        DIFFERENT,
        "news / background",
    ),
    Pair(
        S("Tollis Mining cut 420 jobs at its Caldmere site."),
        S("Tollis Mining is expected to cut 420 jobs at its Caldmere site."),
        DIFFERENT,
        "done / expected",
    ),
    Pair(
        S("The rebels released 19 hostages near Sundry Reach."),
        S("The army released 19 prisoners near Sundry Reach."),
        DIFFERENT,
        "other actor, other people",
    ),
    Pair(
        S("Health officials confirmed 23 new cases of measles in Pellham."),
        S("Health officials confirmed 23 new cases of measles in Quillon."),
        DIFFERENT,
        "other place",
    ),
    Pair(
        S("Ines Varga was elected mayor of Caldmere in 2019."),
        S("Ines Varga resigned as mayor of Caldmere on Friday."),
        DIFFERENT,
        "same person, another fact",
    ),
    Pair(
        S("Tollis denied that its Fenmark plant leaked waste into the river."),
        S("The Fenmark plant leaked waste into the river, inspectors said.", "inspectors"),
        DIFFERENT,
        "denial / assertion",
    ),
    Pair(
        S("Shares in Tollis rose 12 percent after the contract win."),
        S("Tollis shares fell 12 percent after the accident."),
        DIFFERENT,
        "rose / fell",
    ),
    Pair(
        S("Temperatures in Tessaly Vale reached 41 degrees on Saturday."),
        S("Forecasters expect temperatures in Tessaly Vale to reach 41 degrees on Saturday."),
        DIFFERENT,
        "observed / forecast",
    ),
    Pair(
        S("The court sentenced Pavel Dane to six years in prison."),
        S("Prosecutors asked the court to sentence Pavel Dane to six years in prison."),
        DIFFERENT,
        "sentence / request for one",
    ),
    Pair(
        S("Police arrested 37 protesters outside the Caldmere town hall."),
        S("Thirty-seven police officers were injured outside the Caldmere town hall."),
        DIFFERENT,
        "same number, other people",
    ),
    Pair(
        S("The storm left 8,000 households without power across Tessaly Vale."),
        S("Power was restored to 8,000 households across Tessaly Vale on Monday."),
        DIFFERENT,
        "cut / restored",
    ),
    Pair(
        S("Quillon police arrested a 34-year-old man on Monday."),
        S("Quillon police released a 34-year-old man without charge on Monday."),
        DIFFERENT,
        "arrested / released",
    ),
]
# Session 5: pairs where the fact, not the words, decides (bench/merge_pairs_facts.py).
PAIRS += FACT_PAIRS


def _claim(number: int, side: Side) -> ClaimFacts:
    document = Document(id=f"pair-doc-{number:03d}", source=f"pair{number:03d}.txt", text=side.text)
    claim = Claim(
        id=Claim.id_for(document.id, _MADE_HERE, 0, len(side.text), side.text),
        document_id=document.id,
        text=side.text,
        quote=side.text,
        quote_start=0,
        quote_end=len(side.text),
        kind=ClaimKind.EVENT,
        attribution=side.speaker,
        figures=find_figures(side.text),
        provenance=_MADE_HERE,
    )
    return facts_for(claim, side.published)


def predictions(matcher: ClaimMatcher | None = None) -> list[bool]:
    """Whether the matcher links each pair's two sentences, matched all together."""
    facts = [_claim(2 * i + j, side) for i, p in enumerate(PAIRS) for j, side in enumerate(p[:2])]
    linked = {frozenset((k.first, k.second)) for k in (matcher or TfidfMatcher()).links(facts)}
    return [
        frozenset((facts[2 * i].claim_id, facts[2 * i + 1].claim_id)) in linked
        for i in range(len(PAIRS))
    ]


def scores(predicted: list[bool]) -> dict[str, float]:
    labels = [p.same for p in PAIRS]
    true_positive = sum(p and s for p, s in zip(predicted, labels, strict=True))
    merged, same = sum(predicted), sum(labels)
    precision = true_positive / merged if merged else 1.0
    recall = true_positive / same if same else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "pairs": len(PAIRS),
        "same": same,
        "merged": merged,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
    }


def main(argv: list[str]) -> None:
    predicted = predictions()
    print(scores(predicted))
    if "--show" in argv:
        for pair, got in zip(PAIRS, predicted, strict=True):
            if got != pair.same:
                mark = "missed" if pair.same else "WRONG LINK"
                print(f"{mark} ({pair.why}):\n  {pair.first.text}\n  {pair.second.text}")


if __name__ == "__main__":
    main(sys.argv[1:])
