"""A key typed right behind the one that opens a dialog may close it before it has mounted
(Textual checks a key's bindings against whichever screen is on top when the key reaches the
app). Typing fast in tmux once crashed the edit dialog that way (`NoMatches '#edit-text'` in
its on_mount): every dialog, and the story view, must survive being closed at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.binding import Binding

from summarise.tui.app import create_app
from summarise.tui.screens.dialog import Pushed
from summarise.tui.screens.review import ReviewScreen
from tests.tui.helpers import review_screen, settle, start

# The claim list's actions that open a screen on top of it (keys e, r, f, /, ?, s, C, v).
OPENERS = ["edit", "reject", "filter", "search", "help", "story", "conflicts", "story_view"]


def escape_action(screen: object) -> str:
    """The action the screen binds to escape, as a typed escape would run it."""
    for binding in type(screen).BINDINGS:  # type: ignore[attr-defined]
        if isinstance(binding, Binding) and "escape" in binding.key.split(","):
            return binding.action
    raise AssertionError(f"{type(screen).__name__} binds nothing to escape")


async def test_a_screen_closed_before_it_mounted_does_not_crash(seeded: Path) -> None:
    app = create_app(str(seeded), "ann", analyse=False)
    async with start(app, size=(80, 24)) as pilot:
        await settle(pilot)
        review = review_screen(pilot)
        for opener in OPENERS:
            # What the two keys' bindings run, with no pause between them: the second lands
            # on the new screen before Textual has composed and mounted it.
            await app.run_action(opener, review)
            opened = app.screen
            assert isinstance(opened, Pushed), f"{opener} opened {type(opened).__name__}"
            await app.run_action(escape_action(opened), opened)
            for _ in range(5):
                await pilot.pause()
            assert isinstance(app.screen, ReviewScreen), opener
            assert opened.closed and not opened.is_attached, opener
    # Leaving the context re-raises whatever crashed the app meanwhile (the NoMatches).


@pytest.mark.slow
async def test_keys_typed_in_one_burst_open_and_close_dialogs_cleanly(seeded: Path) -> None:
    """The tmux case as keys: dialogs opened and closed faster than they draw."""
    app = create_app(str(seeded), "ann", analyse=False)
    async with start(app, size=(80, 24)) as pilot:
        await settle(pilot)
        for key in ["e", "escape", "r", "escape", "f", "escape", "slash", "escape"] * 3:
            await pilot.press(key)  # no settle: the next key goes before the dialog is drawn
        for _ in range(5):
            await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)


def test_every_pushed_screen_sets_up_in_ready_not_on_mount() -> None:
    """Every dialog and the story view derive from Pushed and leave on_mount to it (a
    subclass's own on_mount would run as well, closed or not)."""
    import importlib
    import pkgutil

    from textual.screen import ModalScreen

    import summarise.tui.screens as screens
    from summarise.tui.screens.story_view import StoryView

    found: list[type] = [StoryView]
    for module in pkgutil.iter_modules(screens.__path__):
        loaded = importlib.import_module(f"{screens.__name__}.{module.name}")
        found += [
            value
            for value in vars(loaded).values()
            if isinstance(value, type)
            and issubclass(value, ModalScreen)
            and value.__module__.startswith("summarise.")
        ]
    assert len(found) > 10
    for screen in found:
        assert issubclass(screen, Pushed), screen
        owners = [k for k in screen.__mro__ if "on_mount" in vars(k)]
        assert owners == [Pushed], (screen, owners)
