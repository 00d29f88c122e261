"""The review TUI. Textual is imported only under this package, and only when reviewing:
import `summarise.tui.app` for the app; `summarise.tui.session` is widget-free."""
