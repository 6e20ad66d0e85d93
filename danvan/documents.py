"""Document numbers ("số ký hiệu"): one parser and one formatter for both systems.

Party documents are numbered `09-NQ/TU` (number-TYPE/ISSUER, Quy định 399-QĐ/TW);
state documents `16/CT-TTg` or `30/2020/NĐ-CP` (number/[year/]TYPE-ISSUER,
Nghị định 30/2020/NĐ-CP). Laws and National Assembly resolutions carry a year
and no type: `72/2025/QH15`.
"""

import re
from dataclasses import dataclass
from typing import TypeVar

from django.utils.translation import gettext as _

from danvan.text import fold, nfc

PARTY = "party"
STATE = "state"
OTHER = "other"

T = TypeVar("T")


@dataclass(frozen=True)
class DocumentType:
    slug: str
    name: str
    party_code: str | None
    state_code: str | None

    def code_in(self, system: str) -> str | None:
        return self.party_code if system == PARTY else self.state_code


@dataclass(frozen=True)
class Issuer:
    code: str
    name: str
    system: str
    aliases: tuple[str, ...] = ()


# One code can mean two types: party TT is a thông tri, state TT a thông tư.
# Party QĐ also numbers quy định (66-QĐ/TW, 399-QĐ/TW), so it can only read as
# quyet_dinh; QĐi (08-QĐi/TW, 2018) is the unambiguous party quy định.
DOCUMENT_TYPES = (
    DocumentType("nghi_quyet", "Nghị quyết", "NQ", "NQ"),
    DocumentType("quyet_dinh", "Quyết định", "QĐ", "QĐ"),
    DocumentType("quy_dinh", "Quy định", "QĐi", "QyĐ"),
    DocumentType("chi_thi", "Chỉ thị", "CT", "CT"),
    DocumentType("ket_luan", "Kết luận", "KL", None),
    DocumentType("quy_che", "Quy chế", "QC", "QC"),
    DocumentType("thong_tri", "Thông tri", "TT", None),
    DocumentType("huong_dan", "Hướng dẫn", "HD", "HD"),
    DocumentType("thong_bao", "Thông báo", "TB", "TB"),
    DocumentType("thong_cao", "Thông cáo", None, "TC"),
    DocumentType("bao_cao", "Báo cáo", "BC", "BC"),
    DocumentType("ke_hoach", "Kế hoạch", "KH", "KH"),
    DocumentType("chuong_trinh", "Chương trình", "CTr", "CTr"),
    DocumentType("chuong_trinh_hanh_dong", "Chương trình hành động", "CTHĐ", None),
    DocumentType("de_an", "Đề án", "ĐA", "ĐA"),
    DocumentType("du_an", "Dự án", None, "DA"),
    DocumentType("phuong_an", "Phương án", "PA", "PA"),
    DocumentType("to_trinh", "Tờ trình", "TTr", "TTr"),
    DocumentType("cong_van", "Công văn", "CV", None),
    DocumentType("bien_ban", "Biên bản", "BB", "BB"),
    DocumentType("nghi_dinh", "Nghị định", None, "NĐ"),
    DocumentType("thong_tu", "Thông tư", None, "TT"),
)

ISSUERS = (
    Issuer("TW", "Ban Chấp hành Trung ương Đảng", PARTY, aliases=("TƯ", "T.Ư")),
    # Thành ủy of Hà Nội and Hồ Chí Minh City, and some Thị ủy, also sign TU.
    Issuer("TU", "Tỉnh ủy", PARTY),
    Issuer("ThU", "Thành ủy", PARTY),
    Issuer("HU", "Huyện ủy", PARTY),
    Issuer("QU", "Quận ủy", PARTY),
    Issuer("ĐU", "Đảng ủy", PARTY),
    Issuer("ĐUK", "Đảng ủy Khối", PARTY),
    Issuer("CB", "Chi bộ", PARTY),
    Issuer("VPTW", "Văn phòng Trung ương Đảng", PARTY),
    Issuer("BTCTW", "Ban Tổ chức Trung ương", PARTY),
    Issuer("UBKTTW", "Ủy ban Kiểm tra Trung ương", PARTY),
    Issuer("BDVTW", "Ban Dân vận Trung ương", PARTY),
    Issuer("BDVTU", "Ban Dân vận Tỉnh ủy", PARTY),
    Issuer("BDVHU", "Ban Dân vận Huyện ủy", PARTY),
    Issuer("BTGDVTW", "Ban Tuyên giáo và Dân vận Trung ương", PARTY),
    Issuer("BTGDVTU", "Ban Tuyên giáo và Dân vận Tỉnh ủy", PARTY),
    Issuer("VPTU", "Văn phòng Tỉnh ủy", PARTY),
    Issuer("BTCTU", "Ban Tổ chức Tỉnh ủy", PARTY),
    Issuer("UBKTTU", "Ủy ban Kiểm tra Tỉnh ủy", PARTY),
    Issuer("BXDĐ", "Ban Xây dựng Đảng", PARTY),
    Issuer("TTg", "Thủ tướng Chính phủ", STATE),
    Issuer("CP", "Chính phủ", STATE),
    Issuer("VPCP", "Văn phòng Chính phủ", STATE),
    Issuer("QH", "Quốc hội", STATE),
    Issuer("UBTVQH", "Ủy ban Thường vụ Quốc hội", STATE),
    Issuer("CTN", "Chủ tịch nước", STATE),
    Issuer("BNV", "Bộ Nội vụ", STATE),
    Issuer("UBND", "Ủy ban nhân dân", STATE),
    Issuer("HĐND", "Hội đồng nhân dân", STATE),
    Issuer("MTTQ", "Mặt trận Tổ quốc Việt Nam", STATE),
    Issuer("MTTW", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", STATE),
    Issuer("BTT", "Ban Thường trực", STATE),
)

_TYPES = {system: {t.code_in(system): t for t in DOCUMENT_TYPES if t.code_in(system)} for system in (PARTY, STATE)}
_TYPE_NAMES = {fold(t.name) for t in DOCUMENT_TYPES}
_ISSUERS = {issuer.code: issuer for issuer in ISSUERS}
_ISSUER_SPELLINGS = {spelling: issuer for issuer in ISSUERS for spelling in (issuer.code, *issuer.aliases)}


class DocumentNumberError(ValueError):
    pass


@dataclass(frozen=True, kw_only=True)
class DocumentNumber:
    system: str
    number: str  # "09" and "9" are different numbers as printed
    year: int | None = None
    type_code: str  # "" only for laws and National Assembly resolutions
    issuer_code: str  # joint issuers are joined by "-": "MTTW-BTT"

    @property
    def code(self) -> str:
        return format_document_number(self)

    @property
    def type_slug(self) -> str:
        document_type = _TYPES.get(self.system, {}).get(self.type_code)
        return document_type.slug if document_type else OTHER

    @property
    def type_name(self) -> str | None:
        document_type = _TYPES.get(self.system, {}).get(self.type_code)
        return document_type.name if document_type else None

    @property
    def issuer_name(self) -> str | None:
        issuers = [_ISSUERS.get(part.rstrip("0123456789")) for part in self.issuer_code.split("-")]
        return " - ".join(issuer.name for issuer in issuers) if all(issuers) else None


def format_document_number(dn: DocumentNumber) -> str:
    if dn.system == PARTY:
        return f"{dn.number}-{dn.type_code}/{dn.issuer_code}"
    head = dn.number if dn.year is None else f"{dn.number}/{dn.year}"
    return f"{head}/{dn.type_code}-{dn.issuer_code}" if dn.type_code else f"{head}/{dn.issuer_code}"


_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"  # hyphens, en and em dash, minus sign
_HYPHEN = rf"[^\S\n]*[{_DASHES}][^\S\n]*"
_SLASH = r"[^\S\n]*/[^\S\n]*"
_NUMBER = r"[0-9]+"
_YEAR = r"(?:19|20)[0-9]{2}"
# Combining marks count as letters so that decomposed text (macOS, some PDFs) matches too.
_LETTERS = r"(?:[^\W\d_]|[\u0300-\u036f])+"
_ISSUER = rf"(?:[Tt]\.(?:[Ưư]|[Uu]\u031b)|{_LETTERS}[0-9]*)"
_PARTY_SHAPE = rf"(?P<party_number>{_NUMBER}){_HYPHEN}(?P<party_type>{_LETTERS}){_SLASH}(?P<party_issuer>{_ISSUER})"
_STATE_SHAPE = (
    rf"(?P<state_number>{_NUMBER}){_SLASH}(?:(?P<state_year>{_YEAR}){_SLASH})?"
    rf"(?P<state_type>{_LETTERS}){_HYPHEN}(?P<state_issuer>{_ISSUER}(?:[{_DASHES}]{_ISSUER})*)"
)
_LAW_SHAPE = rf"(?P<law_number>{_NUMBER}){_SLASH}(?P<law_year>{_YEAR}){_SLASH}(?P<law_issuer>{_ISSUER})"
_SHAPES = f"{_PARTY_SHAPE}|{_STATE_SHAPE}|{_LAW_SHAPE}"
_CODE = re.compile(_SHAPES)
# Dates (19/8/2009), ranges (2019 – 2024) and counts (15/15) have no letters; only the start needs guarding.
_CODE_IN_TEXT = re.compile(rf"(?<![{_DASHES}\w/])(?:{_SHAPES})")


def parse_document_number(text: str) -> DocumentNumber:
    """Read a number as people type it: "Số 09 – NQ/TU", "Chỉ thị số 16/CT-TTg", "09-nq/tu"."""
    cleaned = " ".join(nfc(text).split())
    parts = re.fullmatch(r"(?P<lead>\D*?)(?P<code>\d.*)", cleaned)
    match = parts and _is_lead(parts["lead"]) and _CODE.fullmatch(parts["code"])
    if not match:
        raise _not_a_number(cleaned)
    return _from_match(match, cleaned)


def find_document_numbers(text: str) -> list[tuple[DocumentNumber, int, int]]:
    """Every document number in a longer text, with its start and end offsets in `text`."""
    found = []
    for match in _CODE_IN_TEXT.finditer(text):
        try:
            found.append((_from_match(match, match[0]), match.start(), match.end()))
        except DocumentNumberError:
            continue  # the shape of a number with a type no table knows
    return found


def _is_lead(lead: str) -> bool:
    """Whether the words before the number are only "Số:" and/or a type name ("Nghị quyết số")."""
    words = fold(lead.replace(":", " ")).split()
    if words[-1:] == ["so"]:
        words.pop()
    return not words or " ".join(words) in _TYPE_NAMES


def _from_match(match: re.Match, text: str) -> DocumentNumber:
    shape = next(shape for shape in ("party", "state", "law") if match[f"{shape}_number"] is not None)
    parts = {
        name.split("_")[1]: nfc(value) for name, value in match.groupdict().items() if name.startswith(shape) and value
    }
    issuer_code = "-".join(_canonical_issuer(part) for part in re.split(f"[{_DASHES}]", parts["issuer"]))
    known_issuer = _ISSUERS.get(re.split(r"[-0-9]", issuer_code)[0])
    # A known issuer decides the system, so "16-CT/TTg" (a common mistake) reads as 16/CT-TTg.
    system = known_issuer.system if known_issuer else (PARTY if shape == "party" else STATE)
    year = int(parts["year"]) if parts.get("year") else None
    if system == PARTY and year is not None:
        raise DocumentNumberError(
            _("“%(text)s” has a year, but party document numbers such as 09-NQ/TU carry none.")
            % {"text": _shorten(text)}
        )
    if shape == "law" and not known_issuer:
        raise _not_a_number(text)
    type_code = _canonical_type(parts["type"], system, text) if shape != "law" else ""
    return DocumentNumber(
        system=system, number=parts["number"], year=year, type_code=type_code, issuer_code=issuer_code
    )


def _canonical_type(typed: str, system: str, text: str) -> str:
    document_type = _lookup(typed, _TYPES[system])
    if document_type is None:
        raise DocumentNumberError(
            _("“%(code)s” in “%(text)s” is not a known document type code.") % {"code": typed, "text": _shorten(text)}
        )
    return document_type.code_in(system)


def _canonical_issuer(typed: str) -> str:
    """The table's spelling of a known issuer ("DU" → "ĐU", "T.Ư" → "TW"); an unknown one as typed."""
    letters, term = re.fullmatch(r"(.*?)([0-9]*)", typed).groups()  # "UBTVQH15": the 15th legislature
    issuer = _lookup(letters, _ISSUER_SPELLINGS)
    return (issuer.code if issuer else letters) + term


def _lookup(typed: str, entries: dict[str, T]) -> T | None:
    """The entry spelled `typed` in any case, else the only one spelled so without diacritics."""
    exact = [entry for spelling, entry in entries.items() if spelling.casefold() == typed.casefold()]
    loose = [entry for spelling, entry in entries.items() if fold(spelling) == fold(typed)]
    candidates = exact or loose
    # Without diacritics some codes collide (state ĐA and DA): guessing would be wrong half the time.
    return candidates[0] if len(set(candidates)) == 1 else None


def _not_a_number(text: str) -> DocumentNumberError:
    if not text:
        return DocumentNumberError(_("Enter a document number such as 09-NQ/TU or 16/CT-TTg."))
    return DocumentNumberError(
        _("“%(text)s” is not a document number such as 09-NQ/TU or 16/CT-TTg.") % {"text": _shorten(text)}
    )


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
