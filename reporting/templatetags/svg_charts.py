"""Bar charts drawn on the server as SVG: the dashboard's and the report's only charts.

No script runs, so the chart is the same on a closed network without JavaScript, on
screen, on paper and in the PDF; the figures also stay in the table beside it for
screen readers.
"""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()

ROW, LABEL_WIDTH, BAR_WIDTH, GAP = 22, 230, 300, 6
# Presentation attributes, not CSS classes: PDF renderers apply them inside SVG too.
TEXT = 'font-size="12" font-family="sans-serif" fill="#212529"'


@register.simple_tag
def bar_chart(table, limit: int | None = 12):
    """Horizontal bars of a table's charted column, labelled by the columns before it;
    the first `limit` rows (None: every row)."""
    column = table.chart_column or 1
    rows = [
        (" · ".join(str(cell) for cell in r[:column]), r[column])
        for r in table.rows
        if isinstance(r[column], int | float)
    ]
    rows = rows[:limit]
    top = max((value for _, value in rows), default=0)
    if not top:
        return ""  # nothing to draw: the table says "nothing recorded" or shows zeros
    height = len(rows) * ROW + GAP
    bars = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" ' + TEXT + ">{}</text>"
        '<rect x="{}" y="{}" width="{}" height="{}" fill="#0b5394"></rect>'
        '<text x="{}" y="{}" ' + TEXT + ">{}</text>",
        (
            (
                LABEL_WIDTH - GAP,
                i * ROW + 15,
                label if len(label) <= 45 else label[:44] + "…",
                LABEL_WIDTH,
                i * ROW + 4,
                max(1, round(BAR_WIDTH * value / top)),
                ROW - GAP,
                LABEL_WIDTH + max(1, round(BAR_WIDTH * value / top)) + GAP,
                i * ROW + 15,
                f"{value:,}" if isinstance(value, int) else f"{value:,.1f}",
            )
            for i, (label, value) in enumerate(rows)
        ),
    )
    return format_html(
        '<svg class="svg-chart" viewBox="0 0 {} {}" role="img" aria-label="{}">{}</svg>',
        LABEL_WIDTH + BAR_WIDTH + 60,
        height,
        f"Bar chart of {table.title.lower()}; the figures are in the table below.",
        bars,
    )
