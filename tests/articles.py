"""Generated article-like documents for crash and concurrency tests.

Built from templates with a seeded random generator, never from real articles, so a test
can make hundreds of distinct small documents that the regex backend finds claims in.
"""

from __future__ import annotations

import random
from pathlib import Path

_PLACES = ("Kherson", "Rafah", "Mosul", "Goma", "Aleppo", "Tigray", "Darfur", "Lviv")
_PEOPLE = ("Maria Lopez", "Ahmed Saleh", "Chen Wei", "Olga Ivanova", "John Mensah")
_BODIES = ("the council", "the ministry", "the UN agency", "the army", "the court")
_COUNTS = ("people", "homes", "trucks", "hostages", "schools", "doctors")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")

_SENTENCES = (
    "Officials in {place} said {n} {count} were affected on {day}.",
    "{person}, a spokesperson for {body}, told AFP that talks resumed on {day}.",
    "The convoy of {n} trucks arrived in {place} on {day}.",
    "According to {person}, {n} {count} were evacuated from {place}.",
    "{Body} announced a new plan for {place} on {day}.",
    "Residents of {place} fled as shelling resumed, {person} said.",
    "The mayor of {place} is a member of the opposition.",
)


def article(rng: random.Random, number: int) -> str:
    """One small article: a headline, then three to six claim-bearing sentences."""
    place = rng.choice(_PLACES)
    headline = f"Report {number} from {place} on the {rng.choice(_DAYS)} talks"
    lines = []
    for _ in range(rng.randint(3, 6)):
        body = rng.choice(_BODIES)
        lines.append(
            rng.choice(_SENTENCES).format(
                place=rng.choice(_PLACES),
                person=rng.choice(_PEOPLE),
                body=body,
                Body=body[0].upper() + body[1:],
                n=rng.randint(2, 9000),
                count=rng.choice(_COUNTS),
                day=rng.choice(_DAYS),
            )
        )
    # The number makes every document distinct, so each is its own document id.
    lines.append(f"This is dispatch number {number}.")
    return headline + "\n\n" + " ".join(lines) + "\n"


def write_corpus(directory: Path, count: int, *, seed: int = 0, prefix: str = "doc") -> list[Path]:
    """Write `count` distinct articles as `<prefix>-NNNN.txt` files and return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for number in range(count):
        path = directory / f"{prefix}-{number:04d}.txt"
        path.write_text(article(rng, seed * 100_000 + number), encoding="utf-8")
        paths.append(path)
    return paths
