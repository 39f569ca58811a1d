"""Vietnamese text helpers: accent folding for search ("trom cap" finds "trộm cắp") and
safe file names that keep the words readable."""

from __future__ import annotations

import re
import unicodedata

_SPECIAL = str.maketrans({"đ": "d", "Đ": "D"})
MAX_NAME = 80


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


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
