"""Document numbers: what people type and what articles print, read as one value."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan.documents import (
    DOCUMENT_TYPES,
    ISSUERS,
    PARTY,
    STATE,
    DocumentNumber,
    DocumentNumberError,
    format_document_number,
    parse_document_number,
)

PARTY_TYPES = [t.party_code for t in DOCUMENT_TYPES if t.party_code]
STATE_TYPES = [t.state_code for t in DOCUMENT_TYPES if t.state_code]
PARTY_ISSUERS = [issuer.code for issuer in ISSUERS if issuer.system == PARTY]
STATE_ISSUERS = [issuer.code for issuer in ISSUERS if issuer.system == STATE] + ["QH15", "UBTVQH15"]

numbers = st.from_regex(r"0?[0-9]{1,4}", fullmatch=True)
years = st.integers(1946, 2099)
# No known issuer starts with X, so these stay unknown with or without diacritics.
unknown_issuers = st.from_regex(r"X[A-Za-zĐđƯư]{0,4}", fullmatch=True)


def party_numbers(issuers: st.SearchStrategy[str]) -> st.SearchStrategy[DocumentNumber]:
    types = st.sampled_from(PARTY_TYPES)
    return st.builds(DocumentNumber, system=st.just(PARTY), number=numbers, type_code=types, issuer_code=issuers)


def state_numbers(issuers: st.SearchStrategy[str], types: list[str] = STATE_TYPES) -> st.SearchStrategy[DocumentNumber]:
    typed = st.builds(
        DocumentNumber,
        system=st.just(STATE),
        number=numbers,
        year=st.none() | years,
        type_code=st.sampled_from(types),
        issuer_code=issuers,
    )
    laws = st.builds(
        DocumentNumber,
        system=st.just(STATE),
        number=numbers,
        year=years,
        type_code=st.just(""),
        issuer_code=st.sampled_from(["QH", "QH15", "UBTVQH15"]),
    )
    return typed | laws


party_issuers = st.sampled_from(PARTY_ISSUERS)
state_issuers = st.sampled_from(STATE_ISSUERS)
known_numbers = party_numbers(party_issuers) | state_numbers(state_issuers)
any_numbers = party_numbers(party_issuers | unknown_issuers) | state_numbers(state_issuers | unknown_issuers)


def without_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def party(number: str, type_code: str, issuer_code: str) -> DocumentNumber:
    return DocumentNumber(system=PARTY, number=number, type_code=type_code, issuer_code=issuer_code)


def state(number: str, type_code: str, issuer_code: str, year: int | None = None) -> DocumentNumber:
    return DocumentNumber(system=STATE, number=number, year=year, type_code=type_code, issuer_code=issuer_code)


# Properties


@given(any_numbers)
def test_parsing_a_formatted_number_gives_it_back(dn):
    assert parse_document_number(format_document_number(dn)) == dn


@given(
    known_numbers,
    st.sampled_from(["", " ", "  "]),
    st.sampled_from(["-", "\u2013", "\u2014", "\u2212"]),
    st.sampled_from(["", "Số ", "số: ", "Số:", "type name"]),
    st.booleans(),
)
def test_typed_variants_of_a_number_read_as_the_number(dn, space, dash, prefix, lower):
    typed = dn.code.replace("-", f"{space}{dash}{space}").replace("/", f"{space}/{space}")
    if prefix == "type name":
        prefix = f"{dn.type_name} số " if dn.type_name else "Số "
    typed = prefix + typed
    assert parse_document_number(typed.lower() if lower else typed) == dn


# In state numbers ĐA (đề án) and DA (dự án) are both codes, so only ĐA needs its diacritic.
@given(party_numbers(party_issuers) | state_numbers(state_issuers, [code for code in STATE_TYPES if code != "ĐA"]))
def test_a_number_typed_without_diacritics_reads_as_the_number(dn):
    assert parse_document_number(without_diacritics(dn.code)) == dn


@given(st.text(max_size=40))
def test_any_text_either_parses_to_a_stable_number_or_raises_a_document_number_error(text):
    try:
        dn = parse_document_number(text)
    except DocumentNumberError:
        return
    assert parse_document_number(dn.code) == dn


# Formatting


@pytest.mark.parametrize(
    ("dn", "code"),
    [
        (party("09", "NQ", "TU"), "09-NQ/TU"),
        (party("29", "HD", "ĐUK"), "29-HD/ĐUK"),
        (state("16", "CT", "TTg"), "16/CT-TTg"),
        (state("30", "NĐ", "CP", year=2020), "30/2020/NĐ-CP"),
        (state("12", "KH", "UBND"), "12/KH-UBND"),
        (state("72", "", "QH15", year=2025), "72/2025/QH15"),
    ],
)
def test_it_formats_party_and_state_numbers_in_their_own_shapes(dn, code):
    assert format_document_number(dn) == code
    assert dn.code == code


def test_it_keeps_leading_zeros_exactly_as_typed():
    assert parse_document_number("09-NQ/TU").number == "09"
    assert parse_document_number("9-NQ/TU").number == "9"
    assert parse_document_number("007/KH-UBND").code == "007/KH-UBND"


# Reading what people type


@pytest.mark.parametrize(
    "typed",
    [
        "Số 09-NQ/TU",
        "số: 09-NQ/TU",
        "Số:09-NQ/TU",
        "Nghị quyết số 09-NQ/TU",
        "Nghị quyết 09-NQ/TU",
        "NGHỊ QUYẾT SỐ 09-NQ/TU",
    ],
)
def test_it_reads_the_number_after_so_and_the_type_word(typed):
    assert parse_document_number(typed) == party("09", "NQ", "TU")


def test_it_reads_a_state_number_after_its_type_word():
    assert parse_document_number("Chỉ thị số 16/CT-TTg") == state("16", "CT", "TTg")
    assert parse_document_number("Số: 30/2020/NĐ-CP") == state("30", "NĐ", "CP", year=2020)


@pytest.mark.parametrize("typed", ["09 – NQ/TU", "09 - NQ / TU", " 09-NQ/ TU ", "09\u00a0-\u00a0NQ/TU"])
def test_it_reads_spaces_around_the_separators(typed):
    assert parse_document_number(typed) == party("09", "NQ", "TU")


def test_it_reads_spaces_around_state_separators():
    assert parse_document_number("16 / CT - TTg") == state("16", "CT", "TTg")
    assert parse_document_number("30 / 2020 / NĐ – CP") == state("30", "NĐ", "CP", year=2020)


@pytest.mark.parametrize(("dash", "name"), [("\u2013", "en dash"), ("\u2014", "em dash"), ("\u2212", "minus sign")])
def test_it_reads_an_en_dash_an_em_dash_and_a_minus_sign_as_a_hyphen(dash, name):
    assert parse_document_number(f"09{dash}NQ/TU") == party("09", "NQ", "TU"), name
    assert parse_document_number(f"16/CT{dash}TTg") == state("16", "CT", "TTg"), name


def test_it_reads_lower_case_codes():
    assert parse_document_number("09-nq/tu") == party("09", "NQ", "TU")
    assert parse_document_number("16/ct-ttg") == state("16", "CT", "TTg")
    assert parse_document_number("3-ctr/thu") == party("3", "CTr", "ThU")


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("152-BC/DU", "152-BC/ĐU"),
        ("983-QD/TU", "983-QĐ/TU"),
        ("24-DA/TU", "24-ĐA/TU"),
        ("29-HD/DUK", "29-HD/ĐUK"),
        ("147-CTHD/TU", "147-CTHĐ/TU"),
        ("30/2020/ND-CP", "30/2020/NĐ-CP"),
        ("12/NQ-HDND", "12/NQ-HĐND"),
        ("5-KH/BXDD", "5-KH/BXDĐ"),
    ],
)
def test_it_restores_missing_diacritics_from_the_tables(typed, code):
    assert parse_document_number(typed).code == code


def test_state_da_stays_du_an_because_the_state_table_has_both_da_and_de_an():
    assert parse_document_number("12/DA-UBND").type_slug == "du_an"
    assert parse_document_number("12/ĐA-UBND").type_slug == "de_an"


@pytest.mark.parametrize("typed", ["22-NQ/TƯ", "22-NQ/T.Ư", "22-nq/tư"])
def test_it_reads_tu_with_a_horn_as_the_central_committee(typed):
    assert parse_document_number(typed) == party("22", "NQ", "TW")


def test_it_composes_decomposed_diacritics():
    assert parse_document_number(unicodedata.normalize("NFD", "Đề án số 03-ĐA/TU")).code == "03-ĐA/TU"


@pytest.mark.parametrize(
    ("typed", "code"),
    [("16-CT/TTg", "16/CT-TTg"), ("12-KH/UBND", "12/KH-UBND"), ("Chỉ thị số 16 - CT/TTg", "16/CT-TTg")],
)
def test_it_rewrites_the_common_party_shaped_government_number_in_the_state_shape(typed, code):
    dn = parse_document_number(typed)
    assert dn.system == STATE
    assert dn.code == code


def test_a_party_issuer_in_the_state_shape_reads_as_a_party_number():
    assert parse_document_number("09/NQ-TU") == party("09", "NQ", "TU")


def test_it_keeps_unknown_issuers_as_typed():
    dn = parse_document_number("05-KH/BCĐ")
    assert dn == party("05", "KH", "BCĐ")
    assert dn.issuer_name is None
    assert parse_document_number("12/KH-Sở").issuer_code == "Sở"


def test_it_reads_joint_issuers_and_legislature_terms():
    assert parse_document_number("05/HD-MTTW-BTT") == state("05", "HD", "MTTW-BTT")
    assert parse_document_number("1670/NQ-UBTVQH15").issuer_name == "Ủy ban Thường vụ Quốc hội"
    law = parse_document_number("Số: 72/2025/QH15")
    assert (law.type_code, law.year, law.issuer_code, law.type_slug) == ("", 2025, "QH15", "other")


# What a number tells about itself


def test_the_same_type_code_names_different_types_in_each_system():
    assert parse_document_number("10-TT/TW").type_slug == "thong_tri"
    assert parse_document_number("10/2023/TT-BNV").type_slug == "thong_tu"
    assert parse_document_number("08-QĐi/TW").type_slug == "quy_dinh"
    assert parse_document_number("12/QyĐ-UBND").type_name == "Quy định"


def test_it_names_the_type_and_the_issuer():
    dn = parse_document_number("29-HD/ĐUK")
    assert (dn.type_slug, dn.type_name, dn.issuer_name) == ("huong_dan", "Hướng dẫn", "Đảng ủy Khối")


def test_every_slug_used_elsewhere_has_a_type():
    slugs = {t.slug for t in DOCUMENT_TYPES}
    used = "nghi_quyet de_an chi_thi ke_hoach ket_luan huong_dan quyet_dinh quy_dinh thong_bao bao_cao bien_ban"
    used += " chuong_trinh to_trinh cong_van nghi_dinh thong_tu quy_che phuong_an chuong_trinh_hanh_dong"
    assert set(used.split()) <= slugs


def test_an_unknown_type_reads_as_other():
    dn = party("1", "XYZ", "TU")
    assert (dn.type_slug, dn.type_name) == ("other", None)


# Errors


@pytest.mark.parametrize(
    "typed",
    ["abc", "19/8/2009", "NQ/TU", "09-NQ", "27/ 11", "2019 – 2024", "Số 09-NQ/TU ngày 19/8/2009", "Hello 09-NQ/TU"],
)
def test_it_refuses_text_that_is_not_a_number_and_names_it(typed):
    with pytest.raises(DocumentNumberError) as error:
        parse_document_number(typed)
    assert f"“{' '.join(typed.split())}”" in str(error.value)


def test_it_asks_for_a_number_when_given_nothing():
    for blank in ["", "   "]:
        with pytest.raises(DocumentNumberError, match="09-NQ/TU"):
            parse_document_number(blank)


def test_it_shortens_long_noise_in_its_message():
    noise = ("12/ab-cd ngày 5 - x " * 12)[:200]
    with pytest.raises(DocumentNumberError) as error:
        parse_document_number(noise)
    assert noise[:30] in str(error.value)
    assert len(str(error.value)) < 150


def test_it_names_an_unknown_type_code():
    with pytest.raises(DocumentNumberError) as error:
        parse_document_number("09-XQ/TU")
    assert "“XQ”" in str(error.value)


def test_a_type_of_the_other_system_is_unknown():
    with pytest.raises(DocumentNumberError, match="NĐ"):
        parse_document_number("30-NĐ/TU")


def test_a_party_number_with_a_year_is_refused():
    with pytest.raises(DocumentNumberError, match="30/2020/NQ-TU"):
        parse_document_number("30/2020/NQ-TU")


def test_a_code_that_matches_two_codes_only_without_diacritics_is_refused_not_guessed():
    with pytest.raises(DocumentNumberError, match="DÀ"):
        parse_document_number("12/DÀ-UBND")  # ĐA or DA?


def test_a_four_digit_number_outside_1900_to_2099_is_not_a_year():
    with pytest.raises(DocumentNumberError):
        parse_document_number("30/3020/NĐ-CP")


def test_a_number_with_a_year_and_no_type_needs_a_known_legislature():
    with pytest.raises(DocumentNumberError, match="15/2020/ABC"):
        parse_document_number("15/2020/ABC")


def test_a_type_word_that_is_not_a_type_is_refused():
    with pytest.raises(DocumentNumberError):
        parse_document_number("Công điện số 09-NQ/TU")
