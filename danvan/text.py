"""Text helpers shared by every app: NFC normalization, diacritic folding, file names and brackets."""

import re
import unicodedata

# C0 and C1 control characters except tab, line feed and carriage return.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
INNER_BRACKETS = re.compile(r"\s*\(([^()]*)\)")


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


def slug(text: str) -> str:
    """Words for a file name, without diacritics: "Huyện Giang Thành 412-QĐ/HU" → "huyen-giang-thanh-412-qd-hu".

    `django.utils.text.slugify` would drop "đ" instead of writing "d" (and glue "QĐ/HU" into "qhu").
    """
    return "-".join(re.findall(r"[a-z0-9]+", fold(text)))


def file_name(*parts: str, extension: str, max_length: int = 100) -> str:
    """The download name of a document, slugged: "bien-ban-hoi-nghi-so-ket-…-2024.pdf".

    The longest part is cut at a word to keep the name under `max_length`; a part the name
    already ends with ("… năm 2023", then "2023") is not repeated.
    """
    slugs = [part for part in map(slug, parts) if part]
    excess = len("-".join(slugs)) - max_length
    if excess > 0:
        longest = max(range(len(slugs)), key=lambda index: len(slugs[index]))
        slugs[longest] = slugs[longest][: len(slugs[longest]) - excess + 1].rsplit("-", 1)[0]
    kept = []
    for part in slugs:
        if not (kept and f"-{kept[-1]}".endswith(f"-{part}")):
            kept.append(part)
    return f"{'-'.join(kept)}.{extension}"


def in_brackets(text: str) -> str:
    """A remark in brackets, once: "(10 năm, 2013 – 2023)", never "(10 năm (2013 – 2023))".

    Brackets inside the remark become a comma, as they would when the remark is written by hand.
    """
    return "(" + INNER_BRACKETS.sub(r", \1", text) + ")"
