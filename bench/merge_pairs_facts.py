"""Same fact or not, where the fact rather than the words decides: pairs written for this
project (session 5), added to `bench/merge_pairs.py`'s set.

The shapes that the word matcher missed: a workforce stated two ways, a count told once as
news and once as where it stood, a strike or crash dated by weekday in one report and by
calendar date in another, a closure "until" a day against the reopening that day, the same
actors however each outlet titles them, a large count of "people" against a count of
"workers", paraphrases sharing almost no word, a speaker's title against a report of her. The
hard negatives are the same shapes with another fact: another day, place, size or thing
counted, a plan, another actor. Every name, place and number is invented.

A side's `published` date is its report's date: "on Friday" is read against it, as the
analysis reads each claim against its own report's date.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple


class Side(NamedTuple):
    text: str
    speaker: str | None = None
    published: date | None = None


class Pair(NamedTuple):
    first: Side
    second: Side
    same: bool
    why: str


S = Side
SAME, DIFFERENT = True, False
FRI, SAT, SUN, MON, TUE = (date(2041, 5, d) for d in (3, 4, 5, 6, 7))

FACT_PAIRS: list[Pair] = [
    # Same fact: the fact matches, the words hardly do.
    Pair(
        S("Pelgrin Cables employs about 2,750 workers at its Dunwick yard."),
        S("Pelgrin Cables sent 900 of its 2,750-strong workforce home for the week."),
        SAME,
        "employs about N workers / N-strong workforce",
    ),
    Pair(
        S("The spa, which employs 480 seasonal workers, opened its winter season on Friday."),
        S("The owners, with their 480 seasonal staff, said the pools would stay open."),
        SAME,
        "employs N workers / its N staff",
    ),
    Pair(
        S("Velloc police have detained 37 marchers since the protest began."),
        S("Velloc police had earlier put the number held at 37; one later arrest was not counted."),
        SAME,
        "a count as news / the same count as where it stood",
    ),
    Pair(
        S("Porters at Quenmoor walked off the job on Friday over a pay offer.", None, FRI),
        S("The Quenmoor stoppage, which began on Friday, May 3, has idled the quays.", None, MON),
        SAME,
        "walked off the job on a weekday / strike began on that date",
    ),
    Pair(
        S("A tram derailed on Pell Street in Ambervale on Saturday evening.", None, SAT),
        S(
            "Saturday's derailment on Pell Street, on May 4, injured no one, Ambervale said.",
            None,
            TUE,
        ),
        SAME,
        "derailed on a weekday / derailment dated by calendar",
    ),
    Pair(
        S(
            "The Orvale ring road remains shut to traffic until Monday, the highways office said.",
            None,
            FRI,
        ),
        S("The highways office expects to reopen the Orvale ring road on Monday.", None, SAT),
        SAME,
        "closed until a day / reopens that day",
    ),
    Pair(
        S("The blaze at the Hesket sawmill broke out on Friday night.", None, SAT),
        S("The fire at the Hesket sawmill, which started on May 3, is out.", None, MON),
        SAME,
        "blaze on a weekday / fire on the date",
    ),
    Pair(
        S("Lock master Sanne Velkor resigned on Monday after the collision.", None, MON),
        S("Velkor's resignation on May 6 followed the collision at the lock.", None, TUE),
        SAME,
        "resigned on a weekday / resignation on the date",
    ),
    Pair(
        S("A union steward counted 230 workers in the Dunmarsh depot when it flooded."),
        S("The Dunmarsh depot's owners say 230 people were on site that night."),
        SAME,
        "N workers / N people, nothing else in common",
    ),
    Pair(
        S("Inspector Tova Renn Met With Mayor Osk Palander."),
        S("Tova Renn met with Osk Palander over the holiday weekend."),
        SAME,
        "the same actors and deed, titled two ways (a headline)",
    ),
    Pair(
        S("Councillors in Dunwick voted on Tuesday to merge the two fire stations.", None, TUE),
        S("Dunwick's vote on May 7 merges the fire stations on Ash Lane and Mill Road.", None, TUE),
        SAME,
        "voted on a weekday / vote on the date",
    ),
    Pair(
        S("Nobody yet knows what set off the Hesket sawmill blaze, the fire service said."),
        S("Fire officers are still trying to establish how the Hesket fire began."),
        SAME,
        "paraphrase sharing almost no word",
    ),
    Pair(
        S('"We are short of boats," said Sanne Velkor, the harbour master.'),
        S("Sanne Velkor, as harbour master, toured the ferry berths on Sunday."),
        SAME,
        "a speaker's title / a report naming her by it",
    ),
    Pair(
        S("About 3,300 Brackwater people must still stay away, against 5,900 at the worst."),
        S("Orders to leave covered 5,900 people in Brackwater at the height of the fire."),
        SAME,
        "an earlier peak / the same count as news, beside another count",
    ),
    Pair(
        S("Porters at Quenmoor walked out on Friday over pay.", None, FRI),
        S(
            "On Saturday, day two of the Quenmoor strike, 1,000 dockers kept away.",
            None,
            SAT,
        ),
        SAME,
        "walked out on a weekday / the Nth day of the stoppage (not read)",
    ),
    # Hard negatives: the same shapes, another fact.
    Pair(
        S("Porters at Quenmoor walked off the job on Friday over a pay offer.", None, FRI),
        S("The Quenmoor stoppage, which began on Thursday, May 2, has idled the quays.", None, MON),
        DIFFERENT,
        "the same event, another day",
    ),
    Pair(
        S("Porters at Quenmoor walked off the job on Friday over a pay offer.", None, FRI),
        S("Tram drivers in Coldmere walked off the job on Friday over rosters.", None, SAT),
        DIFFERENT,
        "the same event and day, another place",
    ),
    Pair(
        S(
            "The Orvale ring road remains shut to traffic until Monday, the highways office said.",
            None,
            FRI,
        ),
        S("The highways office expects to reopen the Orvale ring road on Tuesday.", None, SAT),
        DIFFERENT,
        "closed until one day / reopens another",
    ),
    Pair(
        S("Pelgrin Cables employs about 2,750 workers at its Dunwick yard."),
        S("Pelgrin Cables sent 900 of its 3,100-strong workforce home for the week."),
        DIFFERENT,
        "two workforce sizes",
    ),
    Pair(
        S("A union steward counted 230 workers in the Dunmarsh depot when it flooded."),
        S("The Dunmarsh depot's owners say 230 tonnes of grain were on site that night."),
        DIFFERENT,
        "the same number, another thing",
    ),
    Pair(
        S("Tova Renn met with Osk Palander over the holiday weekend."),
        S("Tova Renn met with Sanne Velkor over the holiday weekend."),
        DIFFERENT,
        "the same deed, another actor",
    ),
    Pair(
        S("Tova Renn met with Osk Palander in Dunwick on Monday.", None, MON),
        S("Tova Renn will meet Osk Palander in Dunwick on Monday.", None, FRI),
        DIFFERENT,
        "a meeting / a plan of one",
    ),
    Pair(
        S("The blaze at the Hesket sawmill broke out on Friday night.", None, SAT),
        S("A second blaze broke out at the Hesket sawmill on Sunday.", None, SUN),
        DIFFERENT,
        "another fire, another day",
    ),
    Pair(
        S("The Dunmarsh plant employs 640 workers on three shifts."),
        S("The Dunmarsh plant laid off 640 workers on Monday."),
        DIFFERENT,
        "a workforce / that many laid off",
    ),
    Pair(
        S("Velloc police have detained 37 marchers since the protest began."),
        S("Velloc police say 37 officers have been hurt since the protest began."),
        DIFFERENT,
        "the same count, another fate",
    ),
    Pair(
        S("Councillors in Dunwick voted on Tuesday to merge the two fire stations.", None, TUE),
        S("Councillors in Dunwick will vote on May 14 on closing the Ash Lane library.", None, TUE),
        DIFFERENT,
        "a vote / another vote planned",
    ),
]
