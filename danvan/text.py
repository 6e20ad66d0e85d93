"""Text helpers shared by every app: NFC normalization and diacritic folding."""

import re
import unicodedata

# C0 and C1 control characters except tab, line feed and carriage return.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def nfc(text: str) -> str:
    """Compose diacritics: some keyboards and pasted articles send them decomposed."""
    return unicodedata.normalize("NFC", text)


def without_control_characters(text: str) -> str:
    """Text as a cell or a field may hold it: a NUL byte, for one, cannot be stored in PostgreSQL."""
    return CONTROL_CHARACTERS.sub("", text)


def fold(text: str) -> str:
    """Lower-case text without diacritics, for search: "Sơn Lâm" → "son lam"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    # Marks go, and so do control characters (a NUL byte would not even reach PostgreSQL).
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch) and unicodedata.category(ch) != "Cc")
    return " ".join(stripped.lower().split())
