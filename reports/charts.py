"""Horizontal bar charts drawn as inline SVG on the server.

The same markup goes into the dashboard page and into WeasyPrint, so a chart looks the same on
screen and on paper, and no JavaScript is needed. Every chart stands next to a table of its
numbers (see `templates/dashboard/_chart.html`), which is what screen readers read.
"""

from collections.abc import Sequence

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_COLOR = "#a50e0e"  # the portal's party red
MAX_LABEL_CHARS = 34


def bar_chart(
    rows: Sequence[tuple[str, int]],
    *,
    title: str,
    chart_id: str,
    width: int = 600,
    fixed_size: bool = False,
    font_family: str = "",
    font_size: int = 12,
    color: str = BAR_COLOR,
) -> SafeString:
    """One bar per (label, value) row, labels on the left and the value at the end of each bar."""
    bar_height, gap, top = font_size + 8, 6, 4
    label_chars = min(MAX_LABEL_CHARS, max((len(label) for label, _value in rows), default=1))
    # A glyph of a serif or sans face is about 0.6 of its size wide: room for the longest label.
    label_width = min(int(width * 0.45), max(int(width * 0.2), int(label_chars * font_size * 0.6) + 8))
    value_room = font_size * 4
    scale_width = width - label_width - value_room
    largest = max((value for _label, value in rows), default=0) or 1
    height = top * 2 + len(rows) * (bar_height + gap) or bar_height

    # On paper the chart has its own size; on screen it scales to its box through the viewBox.
    size = f' width="{width}" height="{height}"' if fixed_size else ""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="dv-chart" id="{escape(chart_id)}" '
        f'viewBox="0 0 {width} {height}"{size} role="img" '
        f'aria-labelledby="{escape(chart_id)}-title" font-size="{font_size}"'
        + (f' font-family="{escape(font_family)}"' if font_family else "")
        + ">",
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
    ]
    for index, (label, value) in enumerate(rows):
        y = top + index * (bar_height + gap)
        baseline = y + bar_height / 2 + font_size * 0.35
        bar = round(scale_width * value / largest, 1)
        shown = label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"
        parts.append(
            f"<g><title>{escape(label)}: {number_format(value, force_grouping=True)}</title>"
            f'<text x="{label_width - 6}" y="{baseline:.1f}" text-anchor="end" fill="#212529">{escape(shown)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{bar}" height="{bar_height}" fill="{color}"/>'
            f'<text x="{label_width + bar + 4:.1f}" y="{baseline:.1f}" fill="#212529">'
            f"{number_format(value, force_grouping=True)}</text></g>"
        )
    parts.append(
        f'<line x1="{label_width}" y1="0" x2="{label_width}" y2="{height}" stroke="#212529" stroke-width="1"/></svg>'
    )
    # Every piece of text interpolated above went through escape().
    return mark_safe("".join(parts))
