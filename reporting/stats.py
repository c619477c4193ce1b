"""Small-sample statistics for paired changes: spread and a 95 % confidence interval.

No scipy: the two-sided 95 % critical value of Student's t is read from the published
table for 1 to 30 degrees of freedom, and above 30 from the Cornish–Fisher expansion of
the t quantile in the normal one (Abramowitz and Stegun 26.7.5, four terms), which
agrees with the table to three decimals from 31 degrees of freedom up.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

# Student's t, two-sided 95 % (the 0.975 quantile), for 1..30 degrees of freedom.
T_975 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip
Z_975 = 1.959963984540054  # the normal 0.975 quantile


def t_critical(df: int) -> float:
    """The two-sided 95 % critical value of Student's t with `df` degrees of freedom."""
    if df < 1:
        raise ValueError("A t value needs at least one degree of freedom.")
    if df <= len(T_975):
        return T_975[df - 1]
    z = Z_975
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def sample_sd(values: Sequence[float]) -> float | None:
    """The sample standard deviation (n − 1 in the denominator); none below two values."""
    if len(values) < 2:
        return None
    centre = sum(values) / len(values)
    return math.sqrt(sum((v - centre) ** 2 for v in values) / (len(values) - 1))


def confidence_interval(values: Sequence[float]) -> tuple[float, float] | None:
    """The 95 % confidence interval of the mean: mean ± t(n − 1) × sd ÷ √n."""
    sd = sample_sd(values)
    if sd is None:
        return None
    centre = sum(values) / len(values)
    half = t_critical(len(values) - 1) * sd / math.sqrt(len(values))
    return centre - half, centre + half
