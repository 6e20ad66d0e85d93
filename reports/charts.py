"""Horizontal bar charts drawn as inline SVG on the server.

The same function draws the dashboard's charts and the charts of the printed reports, so no
JavaScript is needed. Every chart on screen stands next to a table of its numbers (see
`templates/dashboard/_chart.html`), which is what screen readers read.
"""

from collections.abc import Sequence

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_COLOR = "#a50e0e"  # the portal's party red
TEXT_COLOR = "#212529"
MAX_LABEL_CHARS = 34
# On screen the bars take this share of the width; the rest is room for the value after the longest bar.
SCREEN_BAR_SHARE = 0.85


def bar_chart(
    rows: Sequence[tuple[str, int]],
    *,
    title: str,
    chart_id: str,
    width: int = 600,
    fixed_size: bool = False,
    font_family: str = "",
    font_size: int = 13,
    color: str = BAR_COLOR,
) -> SafeString:
    """One bar per (label, value) row, with the value at the end of each bar.

    On paper (`fixed_size`) the chart is `width` wide with the labels left of the bars. On screen it
    fills the width of its box with each label above its bar, and nothing is scaled: a viewBox would
    shrink the text to a few pixels on a phone.
    """
    largest = max((value for _label, value in rows), default=0) or 1
    draw = _paper_chart if fixed_size else _screen_chart
    size, parts = draw(rows, largest=largest, width=width, font_size=font_size, color=color)
    opening = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="dv-chart" id="{escape(chart_id)}" {size} '
        f'role="img" aria-labelledby="{escape(chart_id)}-title" font-size="{font_size}"'
        + (f' font-family="{escape(font_family)}"' if font_family else "")
        + ">"
    )
    # Every piece of text interpolated here and in the drawing functions went through escape().
    return mark_safe(
        "".join([opening, f'<title id="{escape(chart_id)}-title">{escape(title)}</title>', *parts, "</svg>"])
    )


def _paper_chart(rows, *, largest, width, font_size, color) -> tuple[str, list[str]]:
    """The size attributes of the <svg> and its content: labels on the left, an axis, bars."""
    bar_height, gap, top = font_size + 8, 6, 4
    label_chars = min(MAX_LABEL_CHARS, max((len(label) for label, _value in rows), default=1))
    # A glyph of a serif or sans face is about 0.6 of its size wide: room for the longest label.
    label_width = min(int(width * 0.45), max(int(width * 0.2), int(label_chars * font_size * 0.6) + 8))
    scale_width = width - label_width - font_size * 4
    height = top * 2 + len(rows) * (bar_height + gap) or bar_height
    parts = []
    for index, (label, value) in enumerate(rows):
        y = top + index * (bar_height + gap)
        baseline = y + bar_height / 2 + font_size * 0.35
        bar = round(scale_width * value / largest, 1)
        parts.append(
            f"<g>{_tooltip(label, value)}"
            f'<text x="{label_width - 6}" y="{baseline:.1f}" text-anchor="end" fill="{TEXT_COLOR}">'
            f"{escape(_shortened(label))}</text>"
            f'<rect x="{label_width}" y="{y}" width="{bar}" height="{bar_height}" fill="{color}"/>'
            f'<text x="{label_width + bar + 4:.1f}" y="{baseline:.1f}" fill="{TEXT_COLOR}">'
            f"{_number(value)}</text></g>"
        )
    parts.append(
        f'<line x1="{label_width}" y1="0" x2="{label_width}" y2="{height}" stroke="{TEXT_COLOR}" stroke-width="1"/>'
    )
    return f'viewBox="0 0 {width} {height}" width="{width}" height="{height}"', parts


def _screen_chart(rows, *, largest, width, font_size, color) -> tuple[str, list[str]]:
    """The size attributes of the <svg> and its content: per row, a label line and a bar below it.

    The <svg> is as wide as its box and as tall as its rows, in CSS pixels. Each bar is a nested
    <svg> whose viewBox is 100 units wide and stretched to the bars' share of the width, so a bar
    `value / largest * 100` units long keeps its proportion whatever the width of the screen.
    """
    label_height, bar_height, gap = font_size + 6, font_size + 2, 8
    row_height = label_height + bar_height + gap
    height = len(rows) * row_height or bar_height
    bar_share = round(SCREEN_BAR_SHARE * 100)
    parts = []
    for index, (label, value) in enumerate(rows):
        y = index * row_height
        bar_y = y + label_height
        bar = round(100 * value / largest, 1)
        parts.append(
            f"<g>{_tooltip(label, value)}"
            f'<text x="0" y="{y + font_size}" fill="{TEXT_COLOR}">{escape(_shortened(label))}</text>'
            f'<svg y="{bar_y}" width="{bar_share}%" height="{bar_height}" viewBox="0 0 100 1" '
            f'preserveAspectRatio="none"><rect width="{bar}" height="1" fill="{color}"/></svg>'
            f'<text x="{bar * SCREEN_BAR_SHARE:.1f}%" dx="4" y="{bar_y + bar_height - 3}" fill="{TEXT_COLOR}">'
            f"{_number(value)}</text></g>"
        )
    return f'width="100%" height="{height}"', parts


def _tooltip(label: str, value: int) -> str:
    return f"<title>{escape(label)}: {_number(value)}</title>"


def _shortened(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)
