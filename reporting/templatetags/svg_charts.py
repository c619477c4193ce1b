"""Bar charts drawn on the server as SVG: the dashboard's and the report's only charts.

No script runs, so the chart is the same on a closed network without JavaScript, on
screen, on paper and in the PDF. Each bar's label sits above it rather than beside it,
so the chart is narrow and its text stays readable when a phone shrinks it to 360 px.
The chart's text alternative names every bar and its figure (the PDF carries it as the
figure's alternate text, from the SVG's title); the table stays one click away.
"""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()

# viewBox units: a 380-wide chart drawn 336 px wide on a 360 px phone keeps 13-unit text
# at 11.5 px; each row is its label above its bar.
WIDTH, ROW, BAR, VALUE_ROOM = 380, 28, 10, 56
LABEL_CHARS = 52
# Presentation attributes, not CSS classes: PDF renderers apply them inside SVG too.
TEXT = 'font-size="13" font-family="sans-serif" fill="#212529"'


def _number(value) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"


def chart_rows(table, limit: int | None = None, largest: bool = False) -> list[tuple[str, float]]:
    """(label, figure) per bar: the charted column, labelled by the columns before it;
    the first `limit` rows, or with `largest` the `limit` largest (None: every row)."""
    column = table.chart_column or 1
    rows = [
        (" · ".join(str(cell) for cell in r[:column]), r[column])
        for r in table.rows
        if isinstance(r[column], int | float) and not isinstance(r[column], bool)
    ]
    if largest:
        rows = sorted(rows, key=lambda row: -row[1])
    return rows[:limit]


@register.simple_tag
def bar_chart(table, limit: int | None = None, largest: bool = False):
    """A table's charted column as horizontal bars, its text alternative listing them.

    `limit` (None, or a missing template variable: every row) keeps the first rows, or
    with `largest` the largest ones."""
    rows = chart_rows(table, limit or None, bool(largest))
    top = max((value for _, value in rows), default=0)
    if not top:
        return ""  # nothing to draw: the table says "nothing recorded" or shows zeros
    widths = [max(1, round((WIDTH - VALUE_ROOM) * value / top)) for _, value in rows]
    bars = format_html_join(
        "",
        '<text x="0" y="{}" ' + TEXT + ">{}</text>"
        '<rect x="0" y="{}" width="{}" height="{}" fill="#0b5394"></rect>'
        '<text x="{}" y="{}" ' + TEXT + ">{}</text>",
        (
            (
                i * ROW + 11,
                label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…",
                i * ROW + 14,
                width,
                BAR,
                width + 4,
                i * ROW + 23,
                _number(value),
            )
            for i, ((label, value), width) in enumerate(zip(rows, widths, strict=True))
        ),
    )
    described = f"Bar chart of {table.title.lower()}; " + ", ".join(
        f"{label}: {_number(value)}" for label, value in rows
    )
    shown = len(rows)
    total = len(chart_rows(table))
    if shown < total:
        described += f" (the {shown} largest of {total})" if largest else f" (first {shown})"
    return format_html(
        '<svg class="svg-chart" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        "<title>{}</title>{}</svg>",
        WIDTH,
        len(rows) * ROW,
        described,
        described,
        bars,
    )


@register.simple_tag
def charted_count(table) -> int:
    """How many bars the whole table would draw: to say "the 8 largest of 14"."""
    return len(chart_rows(table))
