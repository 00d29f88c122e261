"""The terminal renderer: no control byte from untrusted text survives."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from summarise.output.terminal import for_terminal, is_safe, json_for_terminal, one_for_one


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


INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u061c\ufeff\u2060\u2064\u206a\u206f\U000e0001\U000e007f"


def test_invisible_and_direction_characters_become_visible() -> None:
    shown = for_terminal(f"pay{INVISIBLE}\u202e\u2066now")
    assert not any(char in shown for char in INVISIBLE + "\u202e\u2066")
    assert shown.startswith("pay\\u200b\\u200c") and "\\U000e0001" in shown


@given(st.text())
def test_one_for_one_keeps_every_offset_and_lets_nothing_unsafe_through(text: str) -> None:
    shown = one_for_one(text)
    assert len(shown) == len(text)
    assert is_safe(shown, multiline=True)
    for before, after in zip(text, shown, strict=True):
        assert after == before or not is_safe(before, multiline=True)


def test_one_for_one_shows_each_control_as_one_symbol() -> None:
    assert (
        one_for_one("a\x1b[2Jb\x07\x9b\u202ec\r\nd\te")
        == "a\u241b[2Jb\u2407\u2426\u25ccc\u240d\nd\te"
    )


def test_json_on_a_terminal_escapes_c1_and_bidi_and_reads_back_exactly() -> None:
    data = {"file": "x\x9b31m\u202e\U000e0041\x7fy.txt"}
    text = json.dumps(data, ensure_ascii=False)
    shown = json_for_terminal(text)
    assert is_safe(shown, multiline=True)
    assert json.loads(shown) == data
