"""A deterministic synthetic news corpus: article-sized texts built from templates and vocab.

The articles imitate wire copy closely enough to exercise every rule of the regex backend
(headlines, date headers, attributions in each form, figures, quotations, event verbs,
background sentences, boilerplate lines and agency sign-offs), but every name is invented:
no real article text is copied. Document `i` depends only on (seed, i), so a corpus of any
size is reproducible and each file can be regenerated on its own.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass
from pathlib import Path


def _words(text: str, sep: str | None = None) -> tuple[str, ...]:
    """A vocabulary table written as one string."""
    return tuple(text.split(sep))


FIRST = _words(
    "Amira Haddad Tomas Lindqvist Priya Raman Kofi Mensah Elena Vasquez Jonah Feld "
    "Mariam Sultani Oskar Brandt Lucia Moretti Daniel Okafor Sana Qureshi Ilya Petrov "
    "Hana Sato Mateo Rojas Nadia Karim Victor Hale Leila Nasser Arjun Mehta Ines Duarte"
)
FIRST_NAMES, LAST_NAMES = FIRST[0::2], FIRST[1::2]
ROLES = (
    "Foreign Minister",
    "Defence Minister",
    "Prime Minister",
    "spokesperson",
    "senior negotiator",
    "Health Minister",
    "opposition leader",
    "army spokesman",
    "central bank governor",
    "UN envoy",
)
COUNTRIES = _words(
    "Norland Valdoria Kestria Ostmark Marenia Tulsar Edrovia Calpenia Brastov Ilyria"
)
CITIES = _words("Port Alder,Vessel Bay,Karsk,Lumen,New Harrow,Sollen,Dray,Ostrava Nova", ",")
ORGS = (
    "the Coastal Alliance",
    "the Northern Front",
    "the Riverlands Council",
    "the United Relief Agency",
    "the Harbour Workers Union",
    "the Kestrian Red Crescent",
    "the Valdorian Electoral Commission",
)
AGENCIES = ("AFP", "Reuters", "AP", "EFE", "dpa")
NOUNS = _words(
    "people civilians prisoners hostages refugees trucks tonnes soldiers children "
    "families homes schools voters workers patients doctors"
)
TOPICS = (
    "a ceasefire",
    "a prisoner exchange",
    "the grain corridor",
    "new elections",
    "the border crossing",
    "the reconstruction fund",
    "fuel deliveries",
)
DAYS = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
MONTHS = _words(
    "January February March April May June July August September October November December"
)
EVENT_VERBS = ("met", "arrived in", "visited", "travelled to", "hosted talks in")
STANCE = ("opposes", "supports", "has long called for", "remains sceptical of")

HEADLINES = (
    "{country} and {country2} resume talks on {topic} as pressure mounts",
    "{person} arrives in {city} for talks on {topic}",
    "Thousands displaced in {country} as fighting spreads to {city}",
    "{org_title} warns of shortages after {n} {noun} stranded at border",
    "Vote on {topic} postponed again in {country}",
)

# Each paragraph template is one to three sentences; {slots} are filled from the vocab.
PARAGRAPHS = (
    "{person} {event} {city} on {day} to meet officials from {country2}. The visit comes as "
    "hopes grow that both sides could agree on {topic}.",
    "“We are ready to discuss {topic} today,” {person} said. “But we will not accept "
    "conditions imposed from outside.”",
    "According to {org}, at least {n} {noun} have been displaced since {month} {date}, "
    "including {n2} {noun2}.",
    "A senior official told {agency} that {n} {noun} were released on {day}, and that "
    "another {n2} could follow within {small} days.",
    "{country} {stance} {topic}, which {country2} says would cost about ${money} million.",
    "The talks, mediated by {country3}, will resume in {city} next week, {agency} reported.",
    "{role_cap} {person} told reporters in {city} that the government had approved {topic} "
    "and would send {n} trucks of aid.",
    "Officials said {n} {noun} were killed and {n2} injured in the strike on {city}, the "
    "deadliest since {month}.",
    "In an interview with {agency}, {person} said the plan was “a first step” but warned "
    "that {pct}% of {noun} still lacked water.",
    "Turnout reached {pct}%, up from {pct2}% in the last vote, according to {org}.",
    "{country} has been the main mediator since the war began, and {person} has visited "
    "{city} {small} times this year.",
    "Prices rose {pct2}.{digit}% in {month}, the fastest pace in {small2} years, the "
    "statistics office said on {day}.",
    "Witnesses described long queues outside bakeries in {city}. Some families said they "
    "had not eaten for {small} days.",
    "“Nothing has been agreed until everything is agreed,” said {person}, the {role} of "
    "{country2}, adding that talks would continue.",
    "Mr. {last} arrived at 9 a.m. with a delegation of {n} aides, including Gen. {last2} "
    "of the {country} army.",
    "He said the U.S. had offered to host a further round, but {country2} rejected the "
    "proposal on {day}.",
    "The agreement would see {n} {noun} exchanged for {n2} {noun2} over {small} days.",
    "Why did the talks fail? Analysts point to disagreements over {topic}.",
    "{org_title} is the largest employer in {city} and has {n},{thousand} members, "
    "according to its annual report.",
    "The {role} was elected in {year} and faces a vote of confidence in {month}.",
)
BOILERPLATE = (
    "See also  {person} in {city}: what we know so far | {country} news",
    "Read more: {topic} explained",
    "Photo: {person} / {agency}",
    "Leave a Reply",
)


@dataclass(frozen=True)
class Corpus:
    directory: Path
    files: int
    bytes: int


def article(index: int, seed: int = 7) -> str:
    """Document `index` of the corpus with `seed`: the same arguments give the same text."""
    rng = random.Random(f"{seed}:{index}")
    slots = _Slots(rng, index)
    parts: list[str] = []
    if rng.random() < 0.6:
        parts.append(
            f"date {2020 + rng.randrange(5)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        )
    parts.append(slots.fill(rng.choice(HEADLINES)))
    parts.append("")
    for _ in range(rng.randint(26, 38)):
        parts.append(slots.fill(rng.choice(PARAGRAPHS)))
        parts.append("")
        if rng.random() < 0.05:
            parts.append(slots.fill(rng.choice(BOILERPLATE)))
            parts.append("")
    # A closing figure unique to the document keeps every document id distinct.
    parts.append(
        f"The mission has recorded {index + 1:,} incidents since it began, officials said."
    )
    if rng.random() < 0.3:
        parts.append(rng.choice(AGENCIES))
    return "\n".join(parts) + "\n"


def write_corpus(directory: str | Path, documents: int, seed: int = 7) -> Corpus:
    """Write `documents` articles as .txt files under `directory` (100 per subdirectory)."""
    root = Path(directory)
    total = 0
    for index in range(documents):
        folder = root / f"{index // 100:03d}"
        if index % 100 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        data = article(index, seed).encode("utf-8")
        (folder / f"{index:05d}.txt").write_bytes(data)
        total += len(data)
    return Corpus(root, documents, total)


def corpus_files(directory: str | Path) -> list[str]:
    """The corpus's files in the order the pipeline reads them."""
    found: list[str] = []
    for root, dirs, names in os.walk(directory):
        dirs.sort()
        found.extend(os.path.join(root, n) for n in sorted(names) if n.endswith(".txt"))
    return found


class _Slots:
    """Fills template slots from the vocab, keeping one cast of people per article."""

    def __init__(self, rng: random.Random, index: int) -> None:
        self.rng = rng
        self.people = [f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(3)]
        self.countries = rng.sample(COUNTRIES, 3)

    def fill(self, template: str) -> str:
        rng = self.rng
        person = rng.choice(self.people)
        role = rng.choice(ROLES)
        org = rng.choice(ORGS)
        return template.format(
            person=person,
            last=person.split()[-1],
            last2=rng.choice(LAST_NAMES),
            role=role,
            role_cap=role[0].upper() + role[1:],
            country=self.countries[0],
            country2=self.countries[1],
            country3=self.countries[2],
            city=rng.choice(CITIES),
            org=org,
            org_title=org[0].upper() + org[1:],
            agency=rng.choice(AGENCIES),
            noun=rng.choice(NOUNS),
            noun2=rng.choice(NOUNS),
            topic=rng.choice(TOPICS),
            day=rng.choice(DAYS),
            month=rng.choice(MONTHS),
            date=rng.randint(1, 28),
            year=rng.randint(2005, 2022),
            event=rng.choice(EVENT_VERBS),
            stance=rng.choice(STANCE),
            n=f"{rng.randint(12, 980)}",
            n2=f"{rng.randint(3, 400)}",
            thousand=f"{rng.randint(0, 999):03d}",
            small=rng.choice(("two", "three", "four", "five", "six")),
            small2=rng.randint(2, 40),
            digit=rng.randint(0, 9),
            money=f"{rng.randint(2, 900)}",
            pct=rng.randint(11, 89),
            pct2=rng.randint(11, 89),
        )
