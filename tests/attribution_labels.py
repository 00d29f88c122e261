"""A hand-labelled attribution set: who says each statement, as a careful reader would answer.

Each label is (document, a fragment of the statement's quote, the speaker). The speaker is
compared with the claim's attribution after "he (X)" -> "X" and "X (to AFP)" -> "X"; "he"
as a label means the article never names the speaker, so the bare pronoun is right.
Seeds are the five real wire stories in seeds/; the hand-written articles below use
invented names and cover the forms the seeds lack (continuing quotations, two speakers in
one sentence, pronouns, inverted attributions with an apposition, titles).
"""

from __future__ import annotations

SEED_LABELS: list[tuple[str, str, str]] = [
    ("000", "the Islamist group stated that Haniyeh", "the Islamist group"),
    ("000", "will meet with the head of the Egyptian", "a high-ranking Egyptian security source"),
    ("000", "the discussions will focus on", "a Hamas source consulted by AFP"),
    ("000", "numerous proposals will be discussed", "a source close to Hamas"),
    ("000", "The informant also said", "The informant"),
    ("000", "Hamas warned in a statement", "Hamas"),
    ("000", "Isaac Herzog, for his part", "The president of Israel, Isaac Herzog"),
    ("000", "Benjamin Netanyahu, assured", "the Prime Minister of Israel, Benjamin Netanyahu"),
    ("000", "David Barnea, the head of the Israeli Mossad", "the Axios news portal"),
    ("000", "Axios also reported", "Axios"),
    ("000", "The representation will go to Cairo", "he"),
    ("000", "principle of all for all", "he"),
    ("001", "A Hamas source told AFP", "A Hamas source"),
    ("001", "Israeli territory on October 7", "Israel"),
    ("001", "Speaking to the families", "Israeli Prime Minister Benjamin Netanyahu"),
    ("001", "Hashem Ahlbara, said", "Al Jazeera’s correspondent in Doha, Hashem Ahlbara"),
    (
        "001",
        "He added that Qatari negotiators",
        "Al Jazeera’s correspondent in Doha, Hashem Ahlbara",
    ),
    ("001", "Israeli media reported", "Israeli media"),
    ("001", "The problem this time", "Ahlbara"),
    ("001", "Ghazi Hamad said that once the war stops", "Hamas official Ghazi Hamad"),
    ("001", "we want to stop the aggression", "Hamas official Ghazi Hamad"),
    ("001", "a short pause in the conflict", "Hamas official Ghazi Hamad"),
    ("001", "Israel will take the hostage cards", "Hamas official Ghazi Hamad"),
    ("001", "Ahlbara noted", "Ahlbara"),
    ("002", "the Islamist group stated that Haniyeh", "the Islamist group"),
    ("002", "Haniyeh, who resides in Qatar", "an Egyptian security source"),
    ("002", "The informant also said", "The informant"),
    ("002", "Netanyahu said on Tuesday", "Israeli Prime Minister Benjamin Netanyahu"),
    ("002", "Isaac Herzog said his country", "Israeli President Isaac Herzog"),
    ("003", "The same source confirmed", "The same source"),
    ("003", "Al Thani, assured", "The Qatari Prime Minister, Mohamed bin Abderrahman Al Thani"),
    ("004", "The Palestinian Islamic Jihad also said", "The Palestinian Islamic Jihad"),
    ("004", "The statement added", "The statement"),
    ("004", "Western media reports", "Western media"),
    ("004", "Netanyahu late Tuesday told", "Israeli Prime Minister Benjamin Netanyahu"),
    ("004", "held a “positive meeting” in Warsaw", "AFP"),
    ("004", "The UN estimates", "The UN"),
    ("004", "Saleh al-Arouri told Press TV", "Hamas deputy politburo chief Saleh al-Arouri"),
    ("004", "The latest version of the text", "the sources"),
]

# Invented articles: every name, place and quotation here is made up for the test.
ARTICLES: dict[str, str] = {
    "harbour": (
        "Port of Velmora reopens after storm\n\n"
        "The port of Velmora reopened on Monday after a week-long closure, harbour master "
        "Ilse Marten said. “The cranes are working again. The first ships docked at dawn. "
        "We expect a full schedule by Friday,” she told reporters.\n\n"
        "Transport Minister Rafael Quint said the government would pay for the repairs, "
        "while opposition leader Dana Holm said the money had been promised before.\n\n"
        "“We will not let this happen again,” said Tomas Berg, the head of the dock workers' "
        "union, adding that staff had worked through the night.\n\n"
        "According to the regional weather office, the storm brought winds of 140 "
        "kilometres an hour. "
        "He added that more storms were likely this winter.\n\n"
        "Insurers estimate the damage at 12 million euros, a spokesman for the Velmora "
        "Chamber of Commerce told Reuters."
    ),
    "council": (
        "Council votes to close the old bridge\n\n"
        "Mayor Lena Sorvik told the council on Tuesday that the old bridge would close in "
        "May. “It is simply not safe. Engineers found cracks in two of the piers. I will not "
        "wait for an accident,” Sorvik said.\n\n"
        "Councillor Piet Ammon voted against the plan; he said the city had no money for a "
        "new bridge.\n\n"
        "The city engineer, Marta Lind, warned that repairs would take at least two years. "
        "She said traffic would be diverted through the east ring road.\n\n"
        "“This is the right decision,” resident Karl Ode said. “My children cross it every "
        "day.”\n\n"
        "Shopkeepers said they feared losing customers, according to a survey by the local "
        "business association."
    ),
}

ARTICLE_LABELS: list[tuple[str, str, str]] = [
    ("harbour", "The port of Velmora reopened", "harbour master Ilse Marten"),
    ("harbour", "The cranes are working again", "harbour master Ilse Marten"),
    ("harbour", "Rafael Quint said the government", "Transport Minister Rafael Quint"),
    ("harbour", "Dana Holm said the money", "opposition leader Dana Holm"),
    (
        "harbour",
        "We will not let this happen again",
        "Tomas Berg, the head of the dock workers' union",
    ),
    ("harbour", "the storm brought winds", "the regional weather office"),
    ("harbour", "Insurers estimate the damage", "a spokesman for the Velmora Chamber of Commerce"),
    ("council", "Mayor Lena Sorvik told the council", "Mayor Lena Sorvik"),
    ("council", "It is simply not safe", "Sorvik"),
    ("council", "he said the city had no money", "Councillor Piet Ammon"),
    ("council", "Marta Lind, warned", "The city engineer, Marta Lind"),
    ("council", "She said traffic would be diverted", "The city engineer, Marta Lind"),
    ("council", "This is the right decision", "resident Karl Ode"),
    ("council", "Shopkeepers said they feared", "Shopkeepers"),
]
