"""The article as the rules see it: cleaned text, a matching copy, paragraphs and sentences.

Every rule runs its regular expressions on `Source.canon`, a copy of the text of
the same length in which the old and new placements of the tone mark are made
one ("Huyện uỷ" and "Huyện ủy", "hoà" and "hòa"). Offsets found in the copy are
offsets in `Source.text`, so values and evidence are cut from the text as the
article wrote it.
"""

import bisect
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from danvan.text import fold, nfc

# Everything after this many characters is ignored: articles are a few thousand long.
MAX_CHARS = 200_000

_TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền, sắc, hỏi, ngã, nặng
# Old style puts the tone on the second vowel of oa, oe, uy ("hoà", "uỷ"), new style on the first.
_TONE_SHIFT = {
    first + nfc(second + tone): nfc(first + tone) + second
    for first, seconds in (("o", "ae"), ("O", "AE"), ("o", "AE"), ("O", "ae"), ("u", "y"), ("U", "Y"), ("U", "y"))
    for second in seconds
    for tone in _TONES
}
_TONE_PAIR = re.compile("|".join(map(re.escape, _TONE_SHIFT)))


def retone(text: str) -> str:
    """The text with one placement of tone marks; same length, so offsets carry over."""
    return _TONE_PAIR.sub(lambda match: _TONE_SHIFT[match[0]], text)


def _latin_letters(upper: bool) -> str:
    letters = []
    for code in range(0x41, 0x1F00):
        char = chr(code)
        if char.isalpha() and char.isupper() == upper and char.islower() != upper:
            base = fold(char)
            if len(base) == 1 and "a" <= base <= "z" and unicodedata.name(char, "").startswith("LATIN"):
                letters.append(char)
    return "".join(letters)


UPPER = _latin_letters(upper=True)
LOWER = _latin_letters(upper=False)
# A capitalized syllable that is a whole word: "Sơn", "Lâm"; not "PBT", not "Đ/c".
CAPITALIZED = rf"(?<![\w])[{UPPER}][{LOWER}]*(?![\w])"
# Numbers as Vietnamese prints them: "." between thousands, "," before decimals.
NUMBER = r"(?<![\w.,/-])(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?(?![\d])"


def phrase(*alternatives: str) -> str:
    """A case-insensitive group of word sequences, spaced loosely and spelled as `retone` spells them."""
    words = [r"\s+".join(re.escape(word) for word in retone(nfc(alt)).split()) for alt in alternatives]
    # Longest first, so that "đảng ủy khối" wins over "đảng ủy".
    words.sort(key=len, reverse=True)
    return rf"(?i:(?<![\w])(?:{'|'.join(words)})(?![\w]))"


def parse_number(text: str) -> int | float:
    whole, _, decimals = text.replace(".", "").partition(",")
    return float(f"{whole}.{decimals}") if decimals else int(whole)


@dataclass(frozen=True)
class Span:
    start: int
    end: int


class Spans:
    """Non-overlapping spans with a fast "is this offset inside one of them" test."""

    def __init__(self, spans: Iterable[Span] = ()) -> None:
        self._spans = sorted(spans, key=lambda span: span.start)
        self._starts = [span.start for span in self._spans]

    def add(self, span: Span) -> None:
        index = bisect.bisect_right(self._starts, span.start)
        self._starts.insert(index, span.start)
        self._spans.insert(index, span)

    def __contains__(self, offset: int) -> bool:
        index = bisect.bisect_right(self._starts, offset) - 1
        return index >= 0 and offset < self._spans[index].end


_SPACES = re.compile(r"[^\S\n]+")
_INVISIBLE = re.compile("[\ufeff\u200b\u200c\u200d\u2060\u00ad]")
# Website furniture after the article: a short line starting with one of these (folded) ends it.
_JUNK_LINE = re.compile(
    r"(?:tin cung chuyen muc|tin lien quan|cac tin khac|tin khac|cac tin da dua|tin moi|tin doc nhieu|xem them"
    r"|binh luan|y kien ban doc|gui binh luan|gui y kien|danh gia\s*:|luot danh gia|thong ke\s*:|chia se\s*:?"
    r"|in bai|in trang|ma xac thuc|lien ket website|tu khoa\s*:|tags?\s*:|ban quyen|copyright|©|online\s*:"
    r"|truy cap|luot xem|dang nhap|quay lai|ve dau trang|bai viet lien quan)"
)
_JUNK_LINE_LENGTH = 80


def clean(text: str) -> str:
    """NFC text with one space between words, one paragraph per line and no website furniture."""
    text = nfc(_INVISIBLE.sub("", text[:MAX_CHARS]))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    kept: list[str] = []
    for line in lines:
        if kept and len(line) <= _JUNK_LINE_LENGTH and _JUNK_LINE.match(fold(line)):
            break
        kept.append(line)
    return "\n".join(kept).strip()


# A sentence ends at . ! ? … (or "./.") followed by a capital, a digit or an opening quote.
_SENTENCE_END = re.compile(rf"(?:\./\.|[.!?…]+)[”\"’)]?(?=\s+[“\"‘(\[]?[{UPPER}0-9])")
# Abbreviations with a full stop that do not end a sentence: "TP. Hà Tĩnh", "ThS. Nguyễn…".
_NO_BREAK_BEFORE = re.compile(r"\b(?:TP|Tp|tp|TS|ThS|Th\.S|PGS|GS|BS|KS|Đ/c|đ/c)$")


@dataclass
class Source:
    text: str
    canon: str = field(init=False)
    paragraphs: list[Span] = field(init=False)
    sentences: list[Span] = field(init=False)

    def __post_init__(self) -> None:
        self.canon = retone(self.text)
        self.paragraphs = [Span(m.start(), m.end()) for m in re.finditer(r"[^\n]+", self.text)]
        self.sentences = [sentence for paragraph in self.paragraphs for sentence in self._split(paragraph)]

    @classmethod
    def from_raw(cls, raw: str) -> "Source":
        return cls(clean(raw))

    def _split(self, paragraph: Span) -> list[Span]:
        spans, start = [], paragraph.start
        for match in _SENTENCE_END.finditer(self.text, paragraph.start, paragraph.end):
            if _NO_BREAK_BEFORE.search(self.text, max(start, match.start() - 6), match.start()):
                continue
            spans.append(Span(start, match.end()))
            start = match.end()
            while start < paragraph.end and self.text[start].isspace():
                start += 1
        if start < paragraph.end:
            spans.append(Span(start, paragraph.end))
        return spans

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [sentence.start for sentence in self.sentences]

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [paragraph.start for paragraph in self.paragraphs]

    def sentence_at(self, offset: int) -> Span:
        index = max(bisect.bisect_right(self._sentence_starts, offset) - 1, 0)
        return self.sentences[index]

    def sentences_in(self, span: Span) -> list[Span]:
        """The sentences that overlap `span`, found by bisection: articles can have thousands."""
        first = max(bisect.bisect_right(self._sentence_starts, span.start) - 1, 0)
        last = bisect.bisect_left(self._sentence_starts, span.end)
        return [sentence for sentence in self.sentences[first:last] if sentence.end > span.start]

    def paragraph_index(self, offset: int) -> int:
        return max(bisect.bisect_right(self._paragraph_starts, offset) - 1, 0)

    def cut(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def evidence(self, offset: int) -> str:
        return self.cut(self.sentence_at(offset)) if self.sentences else ""
