"""How a UI feature plugs into the main window: one protocol, one helper for menu actions.

A feature is a module named in `main_window.UI_FEATURES` with a module-level
`install(window: MainWindow) -> Feature`. The object it returns is kept by the window:
`retranslate()` is called after every language switch (the window's own strings are set
first), `close()` once when the window closes, before any widget is destroyed (libVLC
players must stop before their windows go away).

Menu actions are made with `window.add_action(menu_key, text, slot, ...)`, where `text`
is a callable returning the translated label (e.g. `lambda: self.tr("&New incident…")`);
the window re-evaluates it on every language switch, so no feature has to remember to
retranslate its menu entries.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class Feature(Protocol):
    """What `install(window)` returns."""

    def retranslate(self) -> None:
        """Set every visible string again (called after a language switch)."""

    def close(self) -> None:
        """Stop players, timers and threads; called once before widgets die."""


class MissingFeatureError(RuntimeError):
    """A module named in UI_FEATURES does not exist: a typo, not a feature to skip."""
