"""People an article named in full, so a later bare surname in a claim can be named whole.

News names a person in full once ("quarterback Joss Pellam", "Corin Vale, 41,") and by
surname after ("Pellam faces two charges", "Mr Vale said"). A claim is read on its own,
away from the sentence that introduced the person, so its text gives the full name at the
surname's first bare mention: "Pellam faces two charges" -> "Joss Pellam faces two charges"
(the quote stays verbatim). A reader, and a same-fact matcher, then sees who it is.

A full name is a run of two or three capitalised words in the article's text before the
claim, after dropping title words ("Former", "President") and honorifics, with no word of
an organisation or place ("Bank", "North"), not after "the" (people take no article).
A surname two people share ("Ann Vale", "Corin Vale") is ambiguous and left alone. A bare
mention is a capitalised word standing alone (no capitalised word beside it, not after
"the"), outside quotation marks: a speaker's words are never changed.
"""

from __future__ import annotations

import re

from summarise.vocabulary import MONTHS, wordset

# Capitalised words that open a run without being a given name: places, directions,
# organisations' adjectives, months and days.
NOT_A_GIVEN_NAME = wordset(
    "North South East West Northern Southern Eastern Western Central Upper Lower Greater "
    "New Old Great Grand Royal National International United Saint St St. San Santa Los Las "
    "Fort Port Mount Lake Cape El La Le Al Air Sea Bay Club Premier Champions World Global "
    "Holy High Supreme Federal Democratic Republican Labour Liberal Conservative Tory "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Christmas Easter"
)
# Last words of a name that make it an organisation, a title, an event or a place.
NOT_A_SURNAME = wordset(
    "News Times Post Mail Press Herald Journal Daily Telegraph Guardian Mirror Express Radio "
    "TV Channel Network Media Street Road Avenue Lane Hospital Centre Center Stadium Park "
    "Hotel Prison Jail County River Valley Island Islands Hall Church College Academy "
    "Festival Cup League Championship Championships Games Olympics Prix Award Awards Prize "
    "Marathon Trust Inc Ltd Corp Affairs Office Club Team Show Series Day Week Jr Sr II III IV"
)
# Sentence openers that are not given names ("Once Ann said yes"): dropped from a run that
# opens the sentence, as are words ending in -ly or -ing ("Sadly", "Speaking").
OPENERS = wordset(
    "Once Soon Like Unlike Among Amid Against Within Around Across Along Behind Beyond Upon "
    "Through Throughout Towards Whether Whilst Unless Perhaps Indeed Nevertheless Nonetheless "
    "Furthermore Moreover Additionally Finally Asked Told Meet Meanwhile Dear Thanks Please"
)
# Ranks before a name, kept in front of it ("Sergeant Edwin Mee").
RANKS = wordset(
    "Sergeant Sgt Corporal Cpl Private Pte Lieutenant Lt Colonel Col Major Maj Captain Capt "
    "Detective Constable PC Inspector Chief Superintendent Admiral Brigadier Commander "
    "Father Sister Brother Rabbi Imam Bishop Archbishop Cardinal Pope King Queen Prince "
    "Princess Sheikh Senator Governor Mayor Judge Justice Coach Agent Officer Deputy"
)
# A capitalised word, possibly hyphenated or with an apostrophe ("O'Neill", "Smith-Jones").
_CAPITALISED = r"[A-Z][a-z][\w’'-]*"
RUN_PATTERN = _CAPITALISED + r"(?:\s+" + _CAPITALISED + r")*"
# Only a run of two or more words can give a full name: finding just those is cheaper.
LONG_RUN_PATTERN = _CAPITALISED + r"(?:\s+" + _CAPITALISED + r")+"

RULE_SOURCES: tuple[str, ...] = (
    " ".join(sorted(NOT_A_GIVEN_NAME)),
    " ".join(sorted(NOT_A_SURNAME)),
    " ".join(sorted(OPENERS)),
    " ".join(sorted(RANKS)),
    RUN_PATTERN,  # LONG_RUN_PATTERN is built from the same words: it finds a subset sooner
)

_RUN = re.compile(RUN_PATTERN)
_LONG_RUN = re.compile(LONG_RUN_PATTERN)
_ARTICLES = frozenset({"The", "A", "An"})
# Single quotation marks: opening before a word, closing after punctuation.
_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s:(]))[‘'](?=\w)")
_SINGLE_CLOSE = re.compile(r"[,.!?…][’'](?!\w)")
_POSSESSIVE = ("’s", "'s")
_MONTHS = frozenset(name.capitalize() for name in MONTHS)


class FullNames:
    """Surname -> the one full name the article gave it so far (None: two people share it).

    `skip` holds the words that open a run of capitalised words without being part of a
    name (titles, honorifics, sentence openers), `honorifics` those a full name replaces
    ("Mr Vale" -> "Corin Vale"; a title stays: "President Corin Vale"), `not_names` the
    words of organisations and places ("Bank", "Command")."""

    def __init__(
        self, skip: frozenset[str], honorifics: frozenset[str], not_names: frozenset[str]
    ) -> None:
        self.skip = skip | RANKS
        self.honorifics = honorifics
        self.not_names = not_names | NOT_A_GIVEN_NAME | _MONTHS
        self.by_surname: dict[str, str | None] = {}
        self.document = ""  # the article's text from its first sentence, set by Referents
        self.known: set[str] = set()  # the surnames with one full name

    def _name_words(self, run: str) -> tuple[int, list[str]]:
        """The words of a run after its leading titles, and how many words were dropped."""
        words = run.split()
        dropped = 0
        while dropped < len(words) and (
            words[dropped] in self.skip or words[dropped].lower() in self.skip
        ):
            dropped += 1
        return dropped, words[dropped:]

    def record(self, sentence: str) -> None:
        """Note the full names `sentence` gives."""
        for m in _LONG_RUN.finditer(sentence):
            group, start = m.group(), m.start()
            last = group.rsplit(None, 1)[-1]
            surname = last[:-2] if last.endswith(_POSSESSIVE) else last
            if surname in self.not_names or surname in NOT_A_SURNAME:
                continue  # checked first: the cheapest way out for most runs
            if surname.endswith(_DEMONYM_ENDINGS):
                continue  # "Latin American": an adjective, not a surname
            if sentence[max(0, start - 4) : start].lower() == "the ":
                continue  # "the Fenlow Trust": people take no article
            dropped, words = self._name_words(group)
            if _ARTICLES.intersection(group.split()[:dropped]):
                continue
            starts = start == 0 or sentence[max(0, start - 2) : start] == ": "
            if words and (_opener(words[0], starts) or (starts and len(words) == 3)):
                # "Once Ann Vale said": "Once" is no given name; three capitalised words
                # opening a sentence are most often a noun before a name ("Striker Ann Vale").
                words = words[1:]
                while words and (words[0] in self.skip or words[0].lower() in self.skip):
                    words = words[1:]  # "Hosting President Ann Vale": the title too
            if len(words) not in (2, 3) or any(w.endswith(_POSSESSIVE) for w in words[:-1]):
                continue
            words[-1] = surname
            if any(w in self.not_names or w in self.skip for w in words):
                continue
            full = " ".join(words)
            if surname not in self.by_surname and self._used_before(surname, full):
                known = None  # "President Vale ... Ann Vale": Ann may be someone else
            else:
                known = self.by_surname.get(surname, full)
            self.by_surname[surname] = full if known == full else None
            if known == full:
                self.known.add(surname)
            else:
                self.known.discard(surname)

    def _used_before(self, surname: str, full: str) -> bool:
        """The article's text used `surname` as a word before it first gave `full`: the
        surname then stands for someone the reader already knows ("President Vale"), and
        `full` may be a relative. str.find, not a pattern: this runs once per new name."""
        first_full = self.document.find(full)
        if first_full < 0:
            return False
        at = self.document.find(surname)
        while 0 <= at < first_full:
            before = self.document[at - 1 : at] if at else " "
            after = self.document[at + len(surname) : at + len(surname) + 1]
            if not (before.isalnum() or after.isalnum()):
                return True
            at = self.document.find(surname, at + 1)
        return False

    def name_in_full(self, text: str) -> tuple[str, str] | None:
        """(`text` with the first bare mention of each known surname named in full, a
        note), or None when there is none."""
        # Most claims name no one the article named in full: a substring test per known
        # surname (in C) rules them out before the pattern and its loop run.
        if not any(surname in text for surname in self.known):
            return None
        parts: list[str] = []
        notes: list[str] = []
        done = 0  # `text` up to here is in `parts`
        named_already: set[str] = set()
        for m in _RUN.finditer(text):
            # Only the run's last word can be a known surname: look it up before the rest.
            word = m.group().rsplit(None, 1)[-1]
            surname = word[:-2] if word.endswith(_POSSESSIVE) else word
            full = self.by_surname.get(surname)
            if full is None or full in text or surname in named_already:
                continue
            dropped, words = self._name_words(m.group())
            if len(words) != 1 or _ARTICLES.intersection(m.group().split()[:dropped]):
                continue  # no surname alone, part of a longer name ("Vale Street"), a thing
            before = text[: m.start()]
            if before.lower().endswith("the ") or _inside_quotation(before):
                continue
            titles = m.group().split()[:dropped]
            while titles and titles[-1] in self.honorifics:
                titles.pop()  # "Mr Vale" -> "Corin Vale"
            start = m.start()
            last = before.rstrip().rsplit(" ", 1)[-1]
            if not titles and before.endswith(" ") and last in self.honorifics:
                start -= len(last) + 1  # "Mr. Vale" -> "Corin Vale"
            named = " ".join([*titles, full]) + word[len(surname) :]
            notes.append(f"'{text[start : m.end()]}' -> '{named}' (named in full earlier)")
            parts += [text[done:start], named]
            done = m.end()
            named_already.add(surname)
        if not notes:
            return None
        return "".join(parts) + text[done:], "; ".join(notes)


_DEMONYM_ENDINGS = ("ian", "ean", "can", "ese", "ish", "ic")


def _opener(word: str, starts: bool) -> bool:
    """`word` opens a clause rather than a name; -ly and -ing words only where a sentence
    or a label's text starts (`starts`)."""
    return word in OPENERS or (starts and word.endswith(("ly", "ing")))


def _inside_quotation(before: str) -> bool:
    """A quotation opened in `before` is still open at its end: curly or straight double
    marks, or single marks opening before a word and closing after punctuation."""
    if before.count("“") > before.count("”") or before.count('"') % 2 == 1:
        return True
    return len(_SINGLE_OPEN.findall(before)) > len(_SINGLE_CLOSE.findall(before))


# The note `name_in_full` leaves for each rewrite: "'Mr Vale' -> 'Corin Vale' (named ...)".
_NOTE = re.compile(r"'(?P<was>[^;]+?)' -> '(?P<named>[^;]+?)' \(named in full earlier\)")


def as_written(text: str, note: str | None) -> str:
    """`text` with the rewrites `name_in_full` noted in `note` undone ("Corin Vale faces" ->
    "Vale faces"): the same-fact matcher weighs words by how rare they are in a story, and a
    first name repeated in every claim would dilute the rare words it was tuned on. A text a
    reviewer edited since keeps what it no longer matches."""
    if not note or "(named in full earlier)" not in note:
        return text
    for m in _NOTE.finditer(note):
        text = text.replace(m.group("named"), m.group("was"), 1)
    return text
