"""Scraping boilerplate: whole lines that are page furniture, not article text.

`strip_boilerplate(text)` drops such lines and keeps every other line byte for byte;
`agency_signoff(text)` names the agencies of a trailing sign-off line ("EFE and AFP")
so a later stage can count agency copy once.

Only whole lines are removed, and only lines whose *start* (or, for photo credits, a
credit marker in a short line) gives them away: a sentence that mentions AFP in passing
is article text and stays.
"""

from __future__ import annotations

import re

# Lines that start like page furniture. Matched case-insensitively against the stripped line.
LINE_PATTERNS: tuple[str, ...] = (
    r"see also\b",
    r"(?:also read|read also|read more|more on this|related(?: articles| stories| news)?)\b\s*:?",
    r"leave a (?:reply|comment)\b",
    r"your email address will not be published",
    r"required fields are marked",
    r"share this\b|share on (?:facebook|twitter|x|whatsapp|linkedin)\b",
    r"click to (?:share|print|email)",
    r"(?:sign up|subscribe)\b.{0,80}\bnewsletter",
    r"advertisement\s*$|sponsored content\s*$|story continues below\b",
    r"(?:this (?:web)?site|we) uses? cookies\b|(?:accept|reject|manage) (?:all )?cookies\b",
    r"cookie (?:policy|settings|preferences|consent)\b",
)
# Photo credits anywhere in a short line: "... Photo: Angie Ruiz. TIME", "(AP Photo/...)".
PHOTO_CREDIT_PATTERN = (
    r"\bPhoto(?:graph)?\s*:|\bPhoto(?:graph)? by\b|\((?:AP|AFP|Reuters|EPA) Photo"
    r"|\bGetty Images\b|\bReuters/[A-Z]|\bAFP/[A-Z]|\bImage credit\b|\bPhoto credit\b"
)
PHOTO_CREDIT_MAX_CHARS = 300  # a credit is short; a long line is an article paragraph
# News agencies that sign off wire copy.
AGENCIES: tuple[str, ...] = (
    "EFE",
    "AFP",
    "AP",
    "Reuters",
    "dpa",
    "ANSA",
    "Xinhua",
    "Europa Press",
    "TASS",
    "IANS",
    "PTI",
    "ANI",
    "Kyodo",
    "Yonhap",
    "UPI",
    "Anadolu",
    "Bloomberg",
    "Agencies",
    "Agence France-Presse",
    "Associated Press",
)
_AGENCY = r"(?:" + "|".join(re.escape(a) for a in sorted(AGENCIES, key=len, reverse=True)) + r")"
# A bare sign-off line: "EFE", "EFE and AFP", "(Reuters)", "- AFP", "With AFP".
SIGNOFF_PATTERN = (
    r"[\s(\[—–-]*(?:(?:with|by|source|sources)\s*:?\s*)?"
    r"(?P<agencies>" + _AGENCY + r"(?:\s*(?:,|and|&|/|\+)\s*" + _AGENCY + r")*)"
    r"[\s)\].]*"
)

RULE_SOURCES: tuple[str, ...] = (
    *LINE_PATTERNS,
    PHOTO_CREDIT_PATTERN,
    str(PHOTO_CREDIT_MAX_CHARS),
    SIGNOFF_PATTERN,
)

_LINE = re.compile(r"\s*(?:" + "|".join(LINE_PATTERNS) + r")", re.IGNORECASE)
_PHOTO_CREDIT = re.compile(PHOTO_CREDIT_PATTERN)
# Every alternative of PHOTO_CREDIT_PATTERN (case-sensitive) holds one of these: a line with
# none of them cannot match, and `in` rules that out far faster than the pattern, which has
# no literal prefix to skip ahead by and is tried at every position of every line.
_PHOTO_CREDIT_WORDS = ("Photo", "Getty Images", "Reuters/", "AFP/", "Image credit")
_SIGNOFF = re.compile(SIGNOFF_PATTERN, re.IGNORECASE)
_AGENCY_NAME = re.compile(_AGENCY, re.IGNORECASE)
_BLANK_RUN = re.compile(r"\n(?:[ \t\r\f\v]*+\n){2,}+")


def is_boilerplate_line(line: str) -> bool:
    """True for a line that is page furniture (not counting agency sign-offs)."""
    if _LINE.match(line):
        return True
    return (
        len(line) <= PHOTO_CREDIT_MAX_CHARS
        and any(word in line for word in _PHOTO_CREDIT_WORDS)
        and _PHOTO_CREDIT.search(line) is not None
    )


def strip_boilerplate(text: str) -> tuple[str, int]:
    """`text` without its boilerplate lines, and how many lines were removed.

    Runs of blank lines (3+ newlines) are collapsed to one blank line, so removing a
    paragraph leaves the paragraph structure intact.
    """
    lines = text.split("\n")
    drop = {i for i, line in enumerate(lines) if line.strip() and is_boilerplate_line(line)}
    signoff = _signoff_index(lines, drop)
    if signoff is not None:
        drop.add(signoff)
    kept = "\n".join(line for i, line in enumerate(lines) if i not in drop)
    return _BLANK_RUN.sub("\n\n", kept), len(drop)


def agency_signoff(text: str) -> list[str]:
    """The agencies a trailing sign-off line names, as written: "EFE and AFP" -> [EFE, AFP]."""
    # Only the tail matters: walk back over blank and boilerplate lines to the last real one,
    # rather than testing every line of the article (this runs on every ingested file).
    for line in reversed(text.split("\n")):
        if not line.strip() or is_boilerplate_line(line):
            continue
        match = _SIGNOFF.fullmatch(line)
        return _AGENCY_NAME.findall(match.group("agencies")) if match else []
    return []


def _signoff_index(lines: list[str], dropped: set[int]) -> int | None:
    """The index of the last real line if it is a bare agency sign-off, else None."""
    for i in range(len(lines) - 1, -1, -1):
        if i in dropped or not lines[i].strip():
            continue
        return i if _SIGNOFF.fullmatch(lines[i]) else None
    return None
