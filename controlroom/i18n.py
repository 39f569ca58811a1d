"""Language choice for messages produced below the UI (CLI, services, errors).

Qt widgets use Qt's translator (`.ts`/`.qm` in resources/i18n); code that must not
import Qt carries both languages in a `Text` and picks one here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

SUPPORTED = ("vi", "en")
_current = os.environ.get("CONTROLROOM_LANG", "vi") if os.environ.get(
    "CONTROLROOM_LANG", "vi"
) in SUPPORTED else "vi"


def language() -> str:
    return _current


def lang_index() -> int:
    """0 in Vietnamese, 1 in English: the index into a (vi, en) pair of names such as
    `incidents.STATUS_NAMES[key]`."""
    return 0 if _current == "vi" else 1


def set_language(lang: str) -> None:
    global _current
    if lang not in SUPPORTED:
        raise ValueError(f"unsupported language {lang!r}")
    _current = lang


@dataclass(frozen=True)
class Text:
    """A sentence in Vietnamese and English; `str()` gives the current language."""

    vi: str
    en: str

    def __str__(self) -> str:
        return self.vi if _current == "vi" else self.en

    def format(self, **kw: object) -> Text:
        return Text(self.vi.format(**kw), self.en.format(**kw))
