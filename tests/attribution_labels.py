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
        "Port of Orlesk reopens after storm\n\n"
        "The port of Orlesk reopened on Monday after a week-long closure, harbour master "
        "Tova Reinholt said. “The cranes are working again. The first ships docked at dawn. "
        "We expect a full schedule by Friday,” she told reporters.\n\n"
        "Transport Minister Rafael Quint said the government would pay for the repairs, "
        "while opposition leader Dana Holm said the money had been promised before.\n\n"
        "“We will not let this happen again,” said Tomas Berg, the head of the dock workers' "
        "union, adding that staff had worked through the night.\n\n"
        "According to the regional weather office, the storm brought winds of 140 "
        "kilometres an hour. "
        "He added that more storms were likely this winter.\n\n"
        "Insurers estimate the damage at 12 million euros, a spokesman for the Orlesk "
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
    "flood": (
        "President visits flooded Dunmarsh\n\nPresident Alvar Kesk visited the flooded town "
        "of Dunmarsh on Wednesday. A witness, Mara Ventsel, said the motorcade stopped "
        "outside the school. “We will rebuild every house,” Kesk told the crowd. “Nobody "
        "will be left behind.”\n\nIn a Twitter post, the interior minister said 300 "
        "soldiers had been sent to the region.\n\nIn a statement on Thursday, the Red Cross "
        "said it had opened four shelters.\n\nAides said the president was tired after the "
        "trip. “I am not going anywhere until the water goes down,” Kesk said on "
        "Thursday.\n\n“This is a disgrace,” said Ola Vint, a fisherman from Dunmarsh. “The "
        "dykes were never repaired. Everyone knew it.”\n\nAccording to the weather service, "
        "the river rose by two metres in one night.\n\nThe mayor of Dunmarsh, Anselm Preem, "
        "said the town had asked for new dykes in 2019. He said the request was "
        "refused.\n\nOpposition leader Tiina Sarv accused the government of neglect, while "
        "the finance minister, Rein Ots, promised a repair fund."
    ),
    "mine": (
        "Miners rescued after two days underground\n\nRescuers freed eleven miners trapped "
        "at the Korva mine on Saturday, the company said.\n\n“They are weak but alive,” "
        "rescue chief Helmi Tamm told reporters at the gate. “Two of them needed "
        "oxygen.”\n\nStanding next to her, a miner's wife, Liis Koppel, wept as the men "
        "came out. “I prayed for two days,” she said.\n\nIn an interview with local radio, "
        "the mine's owner, Peeter Rand, said the collapse was caused by an old "
        "shaft.\n\nLabour inspectors said they had warned the company in March.\n\n“We told "
        "them twice,” said Anu Mets, head of the regional labour inspectorate. “They did "
        "nothing.”\n\nThe company denied that it had ignored the warnings, a spokesman "
        "said.\n\nPrime Minister Kaja Lepp said on Sunday that all mines would be "
        "inspected. “Safety comes first,” she wrote on social media.\n\nUnion leader Mart "
        "Kivi said the miners would not return until the shaft was sealed, adding that "
        "two more mines had the same problem."
    ),
    "court": (
        "Judge delays verdict in Halden fraud trial\n\nJudge Sofia Laane delayed the "
        "verdict in the Halden fraud trial until March, the court announced on "
        "Monday.\n\n“The evidence is incomplete,” Laane said in court. “I need the bank "
        "records.”\n\nThe defendant's lawyer, Oskar Valk, who has represented Halden since "
        "2021, said his client welcomed the delay.\n\nProsecutors said the missing records "
        "would arrive within weeks, according to a court filing.\n\n“We are ready,” "
        "prosecutor Eva Saar said, “and we will not drop a single charge.”\n\nSpeaking "
        "outside the courthouse, Halden's former partner, Leo Pärn, said he had lost his "
        "savings. “Nine years of work are gone,” he said.\n\nIn a written statement, the "
        "bank said it would hand over the records by Friday."
    ),
    # Issue 22, item 4: a speaker is a noun phrase. Leading "speakers" that took in part of a
    # clause: a caption label, a time word, a verb phrase coordinated with the speech verb,
    # a second subject after "and", a time clause; and an aside whose "and" must not split.
    "lifeboat": (
        "Lifeboat crew rescue six from capsized yacht\n\n"
        "Six sailors were rescued from a capsized yacht off Brannoch Point on Sunday, the "
        "coastguard said.\n\n"
        "Coxswain Iver Dunlop steered the lifeboat through three-metre waves and told "
        "reporters the crew had never seen such a swell.\n\n"
        "The skipper climbed onto the upturned hull and Marta Quell said the yacht had hit "
        "a submerged rock.\n\n"
        "A video of the rescue spread quickly online, the same day harbour master Olav Rusk "
        "warned that two buoys had drifted out of place.\n\n"
        "Rescued: Coastguard officer Nils Arve said the sailors were cold but unhurt after "
        "four hours in the water.\n\n"
        "Today Mr Dunlop said the lifeboat would be back in service within a week.\n\n"
        "Dunlop, who has served on lifeboats in Brannoch and Kessel, denies that the crew "
        "took any risk.\n\n"
        "The owner of the yacht, Pavel Senn, thanked the crew and said he would sail again."
    ),
}

ARTICLE_LABELS: list[tuple[str, str, str]] = [
    ("harbour", "The port of Orlesk reopened", "harbour master Tova Reinholt"),
    ("harbour", "The cranes are working again", "harbour master Tova Reinholt"),
    ("harbour", "Rafael Quint said the government", "Transport Minister Rafael Quint"),
    ("harbour", "Dana Holm said the money", "opposition leader Dana Holm"),
    (
        "harbour",
        "We will not let this happen again",
        "Tomas Berg, the head of the dock workers' union",
    ),
    ("harbour", "the storm brought winds", "the regional weather office"),
    ("harbour", "Insurers estimate the damage", "a spokesman for the Orlesk Chamber of Commerce"),
    ("council", "Mayor Lena Sorvik told the council", "Mayor Lena Sorvik"),
    ("council", "It is simply not safe", "Sorvik"),
    ("council", "he said the city had no money", "Councillor Piet Ammon"),
    ("council", "Marta Lind, warned", "The city engineer, Marta Lind"),
    ("council", "She said traffic would be diverted", "The city engineer, Marta Lind"),
    ("council", "This is the right decision", "resident Karl Ode"),
    ("council", "Shopkeepers said they feared", "Shopkeepers"),
    # Issue 22's failure shapes: a quotation credited to a witness named nearby, to "Aides",
    # to a prepositional phrase ("In a Twitter post"), to the previous speaker across a
    # split quotation; a reported clause taken for its speaker; a closing frame.
    ("flood", "A witness, Mara Ventsel, said the motorcade", "A witness, Mara Ventsel"),
    ("flood", "We will rebuild every house", "Kesk"),
    ("flood", "Nobody will be left behind", "Kesk"),
    ("flood", "the interior minister said 300 soldiers", "the interior minister"),
    ("flood", "the Red Cross said it had opened", "the Red Cross"),
    ("flood", "Aides said the president was tired", "Aides"),
    ("flood", "I am not going anywhere", "Kesk"),
    ("flood", "This is a disgrace", "Ola Vint, a fisherman from Dunmarsh"),
    ("flood", "The dykes were never repaired", "Ola Vint, a fisherman from Dunmarsh"),
    ("flood", "the river rose by two metres", "the weather service"),
    ("flood", "Anselm Preem, said the town", "The mayor of Dunmarsh, Anselm Preem"),
    ("flood", "He said the request was refused", "The mayor of Dunmarsh, Anselm Preem"),
    ("mine", "Rescuers freed eleven miners", "the company"),
    ("mine", "They are weak but alive", "rescue chief Helmi Tamm"),
    ("mine", "Two of them needed oxygen", "rescue chief Helmi Tamm"),
    ("mine", "I prayed for two days", "a miner's wife, Liis Koppel"),
    ("mine", "Peeter Rand, said the collapse", "the mine's owner, Peeter Rand"),
    ("mine", "Labour inspectors said they had warned", "Labour inspectors"),
    ("mine", "We told them twice", "Anu Mets, head of the regional labour inspectorate"),
    ("mine", "The company denied that", "a spokesman"),
    ("mine", "Kaja Lepp said on Sunday", "Prime Minister Kaja Lepp"),
    ("mine", "Safety comes first", "Prime Minister Kaja Lepp"),
    ("mine", "Mart Kivi said the miners", "Union leader Mart Kivi"),
    ("court", "Judge Sofia Laane delayed", "the court"),
    ("court", "The evidence is incomplete", "Laane"),
    ("court", "I need the bank records", "Laane"),
    ("court", "Oskar Valk, who has represented", "The defendant's lawyer, Oskar Valk"),
    ("court", "Prosecutors said the missing records", "Prosecutors"),
    ("court", "We are ready", "prosecutor Eva Saar"),
    ("court", "Leo Pärn, said he had lost", "Halden's former partner, Leo Pärn"),
    ("court", "Nine years of work are gone", "Halden's former partner, Leo Pärn"),
    ("court", "the bank said it would hand over", "the bank"),
    ("lifeboat", "Six sailors were rescued", "the coastguard"),
    ("lifeboat", "told reporters the crew had never", "Coxswain Iver Dunlop"),
    ("lifeboat", "Marta Quell said the yacht", "Marta Quell"),
    ("lifeboat", "two buoys had drifted", "harbour master Olav Rusk"),
    ("lifeboat", "the sailors were cold but unhurt", "Coastguard officer Nils Arve"),
    ("lifeboat", "back in service within a week", "Mr Dunlop"),
    ("lifeboat", "denies that the crew took any risk", "Dunlop"),
    ("lifeboat", "would sail again", "The owner of the yacht, Pavel Senn"),
]
