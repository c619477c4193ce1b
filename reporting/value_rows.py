"""The value estimate's tables, for the page, the report and their CSV files: the panel's
numbers, line by line."""

from __future__ import annotations

from reporting.sroi import financial_year_label
from reporting.value import ValueEstimate

TYPE_HEADERS = [
    "Outcome type",
    "Outcomes",
    "Unit value (£)",
    "Price year",
    "Source",
    "Unit value in the estimate's prices (£)",
    "Gross value (£)",
    "Years",
    "Drop-off %",
    "Present value factor",
    "Present value (£)",
]
VARIANT_HEADERS = [
    "Variant",
    "Deadweight %",
    "Attribution %",
    "Displacement %",
    "Discount rate %",
    "Present value (£)",
    "Net value (£)",
    "Cost (£)",
    "Value per £1 (£)",
]
SENSITIVITY_HEADERS = [
    "Assumption",
    "Central",
    "Moved down",
    "Value per £1 (£)",
    "Moved up",
    "Value per £1 (£)",
    "Difference (£)",
]


def type_rows(estimate: ValueEstimate) -> list[list]:
    working = estimate.working
    shown_only = "" if working.wellby_included else " (shown, not counted)"
    rows = [
        [
            item.name + (shown_only if item is working.wellby else ""),
            item.quantity,
            item.terms.unit_value,
            # A year, not a quantity: never "2,024".
            financial_year_label(item.terms.price_year),
            item.terms.source,
            item.terms.value,
            item.gross,
            item.years,
            item.drop_off,
            item.factor,
            item.present,
        ]
        for item in working.lines + ([working.wellby] if working.wellby else [])
    ]
    rows += [
        [t.name, t.quantity, f"not valued: {t.terms.not_valued}", "", "", "", "", "", "", "", ""]
        for t in estimate.not_valued
    ]
    return rows


def variant_rows(estimate: ValueEstimate) -> list[list]:
    return [
        [
            v.name,
            v.deadweight,
            v.attribution,
            v.displacement,
            v.discount,
            v.present,
            v.net,
            estimate.cost,
            "" if v.ratio is None else v.ratio,  # £0.00 per £1 is a figure, not a blank
        ]
        for v in estimate.variants
    ]


def sensitivity_rows(estimate: ValueEstimate) -> list[list]:
    return [
        [row.assumption, row.central, row.down, row.down_ratio, row.up, row.up_ratio, row.swing]
        for row in estimate.sensitivity
    ]
