"""The metric registry: every figure on dashboards, reports and exports, listed once.

An explicit list, in the order the How we count page and the comparison table show
them; each module defines its metrics and none registers itself.
"""

from __future__ import annotations

from reporting.breakdowns import BREAKDOWNS, NEEDS, WELLBEING_CHANGE
from reporting.metrics import HEADLINE_METRICS, VALUE_PER_POUND, Metric

METRICS: list[Metric] = [
    *HEADLINE_METRICS,
    *BREAKDOWNS,
    NEEDS,
    WELLBEING_CHANGE,
    VALUE_PER_POUND,
]

REGISTRY: dict[str, Metric] = {metric.key: metric for metric in METRICS}

# Figures with a value per locality: the summary and the comparison table, in this order.
HEADLINES: list[str] = [metric.key for metric in METRICS if metric.by_locality]
