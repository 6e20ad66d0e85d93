import re

from reports.charts import bar_chart


def test_bars_are_proportional_and_labelled():
    svg = bar_chart(
        [("Kinh tế", 10), ("Văn hóa – xã hội", 5), ("Quốc phòng – an ninh", 0)], title="Theo lĩnh vực", chart_id="c"
    )
    widths = [float(width) for width in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    assert widths[0] == 2 * widths[1] and widths[2] == 0
    assert 'role="img"' in svg and '<title id="c-title">Theo lĩnh vực</title>' in svg
    assert ">Văn hóa – xã hội<" in svg


def test_labels_are_escaped_and_long_ones_shortened():
    long_name = "Ban công tác Mặt trận khu dân cư số 12 và các chi hội đoàn thể"
    svg = bar_chart([("<script>alert(1)</script>", 1), (long_name, 2)], title="<b>", chart_id="x")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and '<title id="x-title">&lt;b&gt;</title>' in svg
    assert f"<title>{long_name}: 2</title>" in svg and f">{long_name}<" not in svg


def test_an_empty_chart_is_still_valid_svg():
    svg = bar_chart([], title="Trống", chart_id="e")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
