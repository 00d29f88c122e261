"""The one renderer for untrusted text (documents, file names, model replies) on a terminal.

Every C0 and C1 control character (ESC, BEL, CR, backspace, NEL, CSI ...) and DEL is shown
as a visible escape such as `\\x1b`, so no byte from a document can move the cursor, clear the
screen, set the window title or write the clipboard. Invisible and direction characters
(zero-width spaces and joiners, bidi marks, embeddings, overrides and isolates, the byte-order
mark, invisible operators, tag characters) are shown the same way: they can hide or reorder
what a reviewer reads. Tabs stay tabs; newlines stay newlines only where the caller prints
running text (`multiline=True`), and show as `\\n` in names and one-line fields, so a file
name cannot fake an extra output line.

`one_for_one` is the same rule for widgets that count characters (the source pane, the edit
dialog): each unsafe character becomes exactly one visible symbol, so the claim's character
offsets still point at the same places on screen.
"""

from __future__ import annotations

import re

# Controls, plus the characters that are not controls but hide, reorder or break a line on a
# terminal just as well: line and paragraph separators, zero-width and bidi marks (U+200B-200F,
# U+061C), bidi embeddings/overrides/isolates, word joiner and invisible operators
# (U+2060-2064), deprecated format characters (U+206A-206F), the BOM and tag characters.
_INVISIBLE = "\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\U000e0000-\U000e007f"
_UNSAFE = re.compile(f"[\\x00-\\x08\\x0a-\\x1f\\x7f-\\x9f{_INVISIBLE}]")
_UNSAFE_KEEP_NEWLINES = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{_INVISIBLE}]")

# One visible, single-width symbol per unsafe character: the Unicode control pictures for
# C0 and DEL (ESC shows as ␛), a replacement symbol for C1 controls, a dotted circle for the
# invisible and direction characters.
_C1_SYMBOL = "\u2426"  # ␦
_INVISIBLE_SYMBOL = "\u25cc"  # ◌


def _visible(match: re.Match[str]) -> str:
    char = match.group(0)
    if char == "\n":
        return "\\n"
    if char == "\r":
        return "\\r"
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def symbol_for(char: str) -> str:
    """The one visible symbol `one_for_one` shows for an unsafe character."""
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"  # ␡
    if code <= 0x9F:
        return _C1_SYMBOL
    return _INVISIBLE_SYMBOL


def for_terminal(text: str, *, multiline: bool = False) -> str:
    """`text` safe to print: control characters shown as visible escapes."""
    pattern = _UNSAFE_KEEP_NEWLINES if multiline else _UNSAFE
    return pattern.sub(_visible, text)


def one_for_one(text: str) -> str:
    """`text` safe to show in a widget that counts characters: newlines and tabs stay, every
    other unsafe character becomes one visible symbol, so offsets into `text` still hold."""
    return _UNSAFE_KEEP_NEWLINES.sub(lambda match: symbol_for(match.group(0)), text)


def is_safe(text: str, *, multiline: bool = False) -> bool:
    """Whether `text` prints as itself (nothing `for_terminal` would change)."""
    pattern = _UNSAFE_KEEP_NEWLINES if multiline else _UNSAFE
    return pattern.search(text) is None


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_for_terminal(text: str) -> str:
    """JSON text safe to print: every unsafe character (JSON leaves DEL, C1 and the invisible
    and direction characters raw) written as its `\\uXXXX` escape, so the JSON still reads
    back exactly. Only valid for JSON, where such characters can stand only inside strings."""
    return _UNSAFE_KEEP_NEWLINES.sub(_json_escape, text)
