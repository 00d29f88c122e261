"""The one renderer for untrusted text (documents, file names, model replies) on a terminal.

Every C0 and C1 control character (ESC, BEL, CR, backspace, NEL, CSI ...) and DEL is shown
as a visible escape such as `\\x1b`, so no byte from a document can move the cursor, clear the
screen, set the window title or write the clipboard. Tabs stay tabs; newlines stay newlines
only where the caller prints running text (`multiline=True`), and show as `\\n` in names and
one-line fields, so a file name cannot fake an extra output line.
"""

from __future__ import annotations

import re

# Unicode line and paragraph separators and bidi overrides are not controls, but they can
# reorder or break a line on a terminal just as well, so they are made visible too.
_UNSAFE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_UNSAFE_KEEP_NEWLINES = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def _visible(match: re.Match[str]) -> str:
    char = match.group(0)
    if char == "\n":
        return "\\n"
    if char == "\r":
        return "\\r"
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def for_terminal(text: str, *, multiline: bool = False) -> str:
    """`text` safe to print: control characters shown as visible escapes."""
    pattern = _UNSAFE_KEEP_NEWLINES if multiline else _UNSAFE
    return pattern.sub(_visible, text)
