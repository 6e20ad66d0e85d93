"""Text helpers shared by every app: NFC normalization and diacritic folding."""

import unicodedata


def nfc(text: str) -> str:
    """Compose diacritics: some keyboards and pasted articles send them decomposed."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case text without diacritics, for search: "Sơn Lâm" → "son lam"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    # Marks go, and so do control characters (a NUL byte would not even reach PostgreSQL).
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch) and unicodedata.category(ch) != "Cc")
    return " ".join(stripped.lower().split())
