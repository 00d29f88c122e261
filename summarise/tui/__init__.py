"""The review TUI. Textual is imported only under this package, and only when reviewing."""

from summarise.tui.app import ReviewApp, create_app

__all__ = ["ReviewApp", "create_app"]
