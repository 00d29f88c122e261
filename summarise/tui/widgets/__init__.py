"""Widgets of the review TUI; each reads from the session and never writes to the store."""
