"""Formatting dashboard figures: thousands separators, a dash for "no figure"."""

from decimal import Decimal

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def figure(value):
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return f"{value:,}"
    return value


@register.filter
def signed(value):
    """A change with its sign: "+3", "−2" (a true minus sign), "no change"."""
    if value is None or value == "":
        return "–"
    if not value:
        return "no change"
    text = figure(abs(value))
    return f"+{text}" if value > 0 else f"\u2212{text}"


@register.filter
def index(sequence, position: int):
    try:
        return sequence[position]
    except (IndexError, TypeError):
        return ""


@register.simple_tag
def table_rows(table):
    """A dashboard table's body rows, built in Python.

    Tables of hundreds of cells are most of a dashboard's rendering time; a template loop
    per cell (or format_html per cell) costs several times this. Every value is escaped.
    """
    labels = [escape(h) for h in table.headers]
    if not table.rows:
        return mark_safe(
            f'<tr><td colspan="{len(labels)}">Nothing recorded in this period.</td></tr>'
        )
    rows = []
    for row in table.rows:
        cells = [f'<th scope="row" data-label="{labels[0]}">{escape(figure(row[0]))}</th>']
        cells += [
            f'<td data-label="{labels[i] if i < len(labels) else ""}" class="text-end">'
            f"{escape(figure(cell))}</td>"
            for i, cell in enumerate(row[1:], start=1)
        ]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return mark_safe("\n".join(rows))  # noqa: S308 -- built from escaped values only
