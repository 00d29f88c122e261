"""The terminal renderer: no control byte from untrusted text survives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from summarise.output.terminal import for_terminal


def test_escape_sequences_become_visible() -> None:
    hostile = "a\x1b]52;c;ZXZpbA==\x07b\x1b[2J\x1bc\rfake\x08\x9b"
    shown = for_terminal(hostile)
    assert "\x1b" not in shown and "\x07" not in shown and "\r" not in shown
    assert "\x9b" not in shown and "\x08" not in shown
    assert shown == "a\\x1b]52;c;ZXZpbA==\\x07b\\x1b[2J\\x1bc\\rfake\\x08\\x9b"


def test_newlines_show_in_names_and_stay_in_running_text() -> None:
    assert for_terminal("x.txt\nDocuments: 99 read") == "x.txt\\nDocuments: 99 read"
    assert for_terminal("one\ntwo\tthree", multiline=True) == "one\ntwo\tthree"


@given(st.text())
def test_no_control_character_survives(text: str) -> None:
    shown = for_terminal(text, multiline=True)
    assert not any((ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F for c in shown)
    assert "\n" not in for_terminal(text)
