"""danvan.word: the HTML of a PDF template read into a party-layout .docx."""

from docx.shared import Mm, Pt

from danvan.word import party_docx
from tests.word_reading import assert_party_layout, borders, paragraphs, read_docx, table_rows

HTML = """<html><head><style>p { color: red; }</style></head><body>
<table class="header"><tr><td class="left"><div class="issuer-parent">HUYỆN ỦY A</div>
<div class="issuer">BAN DÂN VẬN</div><div>*</div></td>
<td class="right"><span class="party-name">ĐẢNG CỘNG SẢN VIỆT NAM</span></td></tr>
<tr><td class="left number-line">Số 27-BC/BDVHU</td>
<td class="right place-date">A, ngày 05 tháng 02 năm 2024</td></tr></table>
<div class="title"><div class="document-kind">BÁO CÁO</div><div class="subject">Tổng kết   năm 2023</div></div>
<p>Có <b>4</b> mô hình,
 <i>đều là tập thể</i>.</p>
<figure class="chart"><p class="caption">Biểu đồ 1</p><svg><text>4</text></svg></figure>
<table class="data"><thead><tr><th rowspan="2" style="width:10%">TT</th><th colspan="2">Cấp xã</th></tr>
<tr><th>TT</th><th>CN</th></tr></thead>
<tbody><tr class="total"><td>1</td><td class="num">2</td><td>3<br>bốn</td></tr></tbody></table>
<table class="signatures"><tr><td class="signature-left"><p class="recipients-label">Nơi nhận:</p>
<ul class="recipients"><li>Lưu VT.</li></ul></td>
<td class="signature-right"><p class="signer-title">TRƯỞNG BAN</p><p class="signer-name">&nbsp;</p></td></tr></table>
<section class="annex"><p class="annex-title">PHỤ LỤC</p></section>
</body></html>"""


def test_the_blocks_of_a_pdf_template_become_a_party_document():
    document = read_docx(party_docx(HTML))
    header = assert_party_layout(document, landscape_sections=1)
    assert table_rows(header) == [
        ["HUYỆN ỦY A\nBAN DÂN VẬN\n*", "ĐẢNG CỘNG SẢN VIỆT NAM"],
        ["Số 27-BC/BDVHU", "A, ngày 05 tháng 02 năm 2024"],
    ]
    issuer = header.cell(0, 0).paragraphs[1].runs[0]
    assert issuer.bold and not header.cell(0, 0).paragraphs[0].runs[0].bold
    # White space collapses as in HTML; the chart (and its caption) is the PDF's alone; CSS is not text.
    assert paragraphs(document)[:3] == ["BÁO CÁO", "Tổng kết năm 2023", "Có 4 mô hình, đều là tập thể."]
    assert "Biểu đồ 1" not in paragraphs(document) and "color" not in " ".join(paragraphs(document))
    (body,) = [paragraph for paragraph in document.paragraphs if paragraph.text.startswith("Có 4")]
    assert [run.bold for run in body.runs] == [None, True, None, None, None]
    assert body.paragraph_format.first_line_indent == Mm(12.7)

    data = document.tables[1]
    assert borders(data) == {"single"} and len(data.columns) == 3
    assert table_rows(data) == [["TT", "Cấp xã"], ["TT", "TT", "CN"], ["1", "2", "3\nbốn"]]
    assert data.rows[2].cells[1].paragraphs[0].runs[0].bold  # the total row
    assert data.rows[2].cells[1].paragraphs[0].runs[0].font.size == Pt(13)

    signatures = document.tables[2]
    assert borders(signatures) == {"nil"}
    assert table_rows(signatures) == [["Nơi nhận:\n- Lưu VT.", "TRƯỞNG BAN\n\u00a0"]]
    # An unsigned name keeps the room for the signature and the seal.
    assert round(signatures.cell(0, 1).paragraphs[1].paragraph_format.space_before.mm) == 25

    annex = document.sections[1]
    assert annex.page_width > annex.page_height and paragraphs(document)[-1] == "PHỤ LỤC"
