"""Vietnamese text helpers: accent folding for search ("trom cap" finds "trộm cắp") and
safe file names that keep the words readable."""

from __future__ import annotations

import re
import unicodedata

_SPECIAL = str.maketrans({"đ": "d", "Đ": "D"})
MAX_NAME = 80


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def unusable_chars(text: str, allow: str = "") -> list[str]:
    """Characters that cannot be stored or shown: control characters (except those in
    `allow`, e.g. "\n\t" for notes) and lone surrogates — what Python makes of bytes
    that were not UTF-8 on a command line or stdin. PostgreSQL refuses NUL, UTF-8 cannot
    encode a surrogate: checked before a name or password reaches the database."""
    return [c for c in text if c not in allow and unicodedata.category(c) in ("Cc", "Cs")]


def not_utf8(text: str) -> bool:
    """True when `text` holds bytes that were not UTF-8 (surrogate escapes)."""
    return any(unicodedata.category(c) == "Cs" for c in text)


def fold(text: str) -> str:
    """Lower case without diacritics, for matching what people type."""
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def safe_filename(text: str, fallback: str = "file") -> str:
    """ASCII file name part: 'Cổng chợ Đông' -> 'Cong_cho_Dong'. Safe on FAT32/exFAT/NTFS."""
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_text).strip("._-")
    return cleaned[:MAX_NAME] or fallback
