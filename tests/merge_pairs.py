"""Pairs of seed claims checked by hand: do the two state the same fact? Each claim is named by
its document's prefix and words it contains (see story_fixtures.claim_containing).

Same fact means the same event or statement with compatible figures and dates and the same
speaker; a related but different fact (a figure of another thing, a later meeting) is not.
"""

from __future__ import annotations

SAME = True
DIFFERENT = False

SEED_PAIRS: list[tuple[tuple[str, str], tuple[str, str], bool]] = [
    # Haniyeh's arrival in Cairo, told by three outlets (002 reprints 000's EFE piece).
    (
        ("000", "arrived in Cairo this Wednesday for a brief"),
        ("002", "A Hamas delegation, led by"),
        SAME,
    ),
    (
        ("000", "arrived in Cairo this Wednesday for a brief"),
        ("001", "The head of the Hamas political bureau arrived"),
        SAME,
    ),
    (
        ("002", "A Hamas delegation, led by"),
        ("001", "Ismail Haniyeh arrived in the Egyptian capital"),
        SAME,
    ),
    (
        ("001", "The head of the Hamas political bureau arrived"),
        ("004", "has traveled to Egypt"),
        SAME,
    ),
    (
        ("000", "In a statement, the Islamist group stated"),
        ("002", "In a statement, the Islamist group stated"),
        SAME,
    ),
    (("000", "The informant also said"), ("002", "The informant also said"), SAME),
    (("000", "who is in exile in Qatar"), ("002", "who resides in Qatar"), SAME),
    (
        ("000", "The president of Israel, Isaac Herzog"),
        ("002", "Israeli President Isaac Herzog said"),  # its own clause (issue 12)
        SAME,
    ),
    (("000", "Cairo is also seeking new proposals"), ("002", "Cairo is seeking proposals"), SAME),
    (
        ("000", "Of the more than 240 people that Hamas"),
        ("002", "Of the more than 240 people Hamas"),
        SAME,
    ),
    (
        ("000", "According to the Axios news portal"),
        ("004", "Mossad director David Barnea held"),
        SAME,
    ),
    (
        ("000", "Islamic Jihad plans to go to Cairo"),
        ("004", "The Palestinian Islamic Jihad also said"),
        SAME,
    ),
    (
        ("001", "intensive diplomatic efforts were being made"),
        ("004", "late Tuesday told relatives"),
        SAME,
    ),
    # Related, not the same fact.
    (("000", "110 hostages"), ("002", "105 hostages"), DIFFERENT),
    (
        ("000", "After the Hamas attack on September 7"),
        ("001", "Hamas captured a total of 240"),
        DIFFERENT,
    ),
    (
        ("000", "Of the more than 240 people that Hamas"),
        ("001", "Hamas captured a total of 240"),
        DIFFERENT,
    ),
    (
        ("001", "Israel released 240 Palestinian prisoners"),
        ("002", "After the Hamas attack on October 7"),
        DIFFERENT,
    ),
    (
        ("001", "Ismail Haniyeh arrived in the Egyptian capital"),
        ("004", "before leaving Qatar, met Iranian"),
        DIFFERENT,
    ),
    (
        ("000", "arrived in Cairo this Wednesday for a brief"),
        ("002", "In a statement, the Islamist group stated"),
        DIFFERENT,
    ),
    (
        ("000", "Islamic Jihad plans to go to Cairo"),
        ("002", "A Hamas delegation, led by"),
        DIFFERENT,
    ),
    (
        ("001", "The world is pressing both Israel"),
        ("004", "The bloodiest-ever war on Gaza"),
        DIFFERENT,
    ),
    (
        ("001", "Israel released 240 Palestinian prisoners"),
        ("004", "80 Israeli captives were freed"),
        DIFFERENT,
    ),
]


def precision_recall(predicted: list[bool], labels: list[bool]) -> tuple[float, float]:
    true_positive = sum(guess and truth for guess, truth in zip(predicted, labels, strict=True))
    predicted_positive = sum(predicted)
    positive = sum(labels)
    precision = true_positive / predicted_positive if predicted_positive else 1.0
    recall = true_positive / positive if positive else 1.0
    return precision, recall
