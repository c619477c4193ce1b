"""The value method's settings: the service's assumptions and the GDP deflator series.

One row of `ValueSettings` holds what an evaluator would ask for beside the figures
(adjustments, discount rate, price year, WELLBY value); `GdpDeflator` brings every unit
value to that price year. Both are edited in the admin, where each default shows its
source.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from reporting.sroi import financial_year_label

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]
YEAR = [MinValueValidator(1900), MaxValueValidator(2100)]


def _percent(verbose: str, default: str, help_text: str) -> models.DecimalField:
    return models.DecimalField(
        verbose,
        max_digits=5,
        decimal_places=2,
        default=Decimal(default),
        validators=PERCENT,
        help_text=help_text,
    )


class ValueSettings(models.Model):
    """The service's value method settings: a single row, read once per request."""

    # One service, one set of assumptions: the row is always row 1, so a new instance
    # is that row and the admin edits it in place.
    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    deadweight_pct = _percent(
        "deadweight (%)",
        "25",
        "Share of outcomes that would have happened anyway. Default 25 %: a cautious "
        "judgement in the range SROI evaluations of Local Area Coordination have used; "
        "see the Cabinet Office's A guide to Social Return on Investment (2012), stage 4.",
    )
    attribution_pct = _percent(
        "attribution (%)",
        "30",
        "Share of outcomes due to others (other services, family, friends). Default 30 %: "
        "a cautious judgement; see the Cabinet Office SROI guide (2012), stage 4.",
    )
    displacement_pct = _percent(
        "displacement (%)",
        "0",
        "Share of outcomes that displace the same good elsewhere. Default 0 %: "
        "support for one person does not take it from another; see the Cabinet Office "
        "SROI guide (2012), stage 4.",
    )
    sensitivity_step_pct = _percent(
        "sensitivity step (percentage points)",
        "10",
        "How far deadweight, attribution, displacement and each outcome type's drop-off "
        "move for the low and high estimates and the sensitivity table. Default 10 "
        "points: a judgement, shown with the results so a reader can see its effect.",
    )
    discount_rate_pct = _percent(
        "discount rate (%)",
        "3.5",
        "Yearly rate future value is discounted at. Default 3.5 %: HM Treasury, The Green "
        "Book (2022), the social time preference rate for the first 30 years.",
    )
    discount_rate_low_pct = _percent(
        "discount rate, low end of its sensitivity (%)",
        "1.5",
        "Default 1.5 %: HM Treasury, The Green Book (2022), the discount rate for health "
        "and wellbeing effects.",
    )
    discount_rate_high_pct = _percent(
        "discount rate, high end of its sensitivity (%)",
        "5.5",
        "Default 5.5 %: the Green Book rate of 3.5 % moved by the same 2 points as the "
        "low end, so the test is symmetrical; a judgement.",
    )
    price_year = models.PositiveSmallIntegerField(
        "price year of the estimate",
        default=2024,
        validators=YEAR,
        help_text="Every value is shown in the prices of this financial year (2024 means "
        "2024-25), brought there by the GDP deflator series below. Default 2024: the latest "
        "financial year of outturn, not forecast, in HM Treasury's series of March 2026. "
        "The series needs an index for this year and for every unit value's price year.",
    )
    wellby_value = models.DecimalField(
        "value of one WELLBY (£)",
        max_digits=10,
        decimal_places=2,
        default=Decimal(13000),
        validators=[MinValueValidator(0)],
        help_text="One point of life satisfaction (0–10) for one person for one year. "
        "Default £13,000 in 2019 prices: HM Treasury, Wellbeing guidance for appraisal: "
        "supplementary Green Book guidance (2021).",
    )
    wellby_price_year = models.PositiveSmallIntegerField(
        "price year of the WELLBY value",
        default=2019,
        validators=YEAR,
        help_text="Default 2019, as the Green Book's wellbeing guidance states it.",
    )
    include_wellby = models.BooleanField(
        "include WELLBY value in £ per £1",
        default=False,
        help_text="Off by default: paired life-satisfaction change is shown with its value "
        "beside the estimate, and counted in £ per £1 only when this is on, because the "
        "outcomes counted may already include some of the same change.",
    )

    class Meta:
        verbose_name = "value method settings"
        verbose_name_plural = "value method settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(id=1),
                name="valuesettings_single_row",
                violation_error_message="There is one set of value method settings.",
            ),
            models.CheckConstraint(
                condition=Q(deadweight_pct__range=(0, 100))
                & Q(attribution_pct__range=(0, 100))
                & Q(displacement_pct__range=(0, 100)),
                name="valuesettings_adjustments_are_percentages",
                violation_error_message="Deadweight, attribution and displacement must be "
                "between 0 and 100 %%.",
            ),
            models.CheckConstraint(
                condition=Q(sensitivity_step_pct__range=(0, 100)),
                name="valuesettings_sensitivity_step_is_a_percentage",
                violation_error_message="The sensitivity step must be between 0 and 100 points.",
            ),
            models.CheckConstraint(
                condition=Q(discount_rate_low_pct__gte=0)
                & Q(discount_rate_low_pct__lte=models.F("discount_rate_pct"))
                & Q(discount_rate_pct__lte=models.F("discount_rate_high_pct"))
                & Q(discount_rate_high_pct__lte=100),
                name="valuesettings_discount_low_central_high",
                violation_error_message="Discount rates must run low ≤ central ≤ high, "
                "between 0 and 100 %%.",
            ),
            models.CheckConstraint(
                condition=Q(price_year__range=(1900, 2100))
                & Q(wellby_price_year__range=(1900, 2100)),
                name="valuesettings_price_years_plausible",
                violation_error_message="Price years must be between 1900 and 2100.",
            ),
            models.CheckConstraint(
                condition=Q(wellby_value__gte=0),
                name="valuesettings_wellby_value_not_negative",
                violation_error_message="The WELLBY value cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return "Value method settings"

    @classmethod
    def current(cls) -> ValueSettings:
        """The saved row, or the defaults (unsaved) before anyone has edited them."""
        return cls.objects.filter(pk=1).first() or cls()


class GdpDeflator(models.Model):
    """One financial year's GDP deflator index: the series values are brought across."""

    year = models.PositiveSmallIntegerField(
        "financial year",
        unique=True,
        validators=YEAR,
        help_text="The year the financial year starts in: 2019 is 2019-20.",
    )
    index = models.DecimalField(
        max_digits=9,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001"))],
        help_text="The deflator index for that year, as published.",
    )
    source = models.CharField(
        max_length=300, help_text="The release the index comes from, with its address."
    )

    class Meta:
        ordering = ["year"]
        verbose_name = "GDP deflator"
        constraints = [
            models.CheckConstraint(
                condition=Q(index__gt=0),
                name="gdpdeflator_index_positive",
                violation_error_message="A deflator index must be above 0.",
            ),
            models.CheckConstraint(
                condition=Q(year__range=(1900, 2100)),
                name="gdpdeflator_year_plausible",
                violation_error_message="The year must be between 1900 and 2100.",
            ),
            models.CheckConstraint(
                condition=~Q(source=""),
                name="gdpdeflator_has_source",
                violation_error_message="Every index needs its source.",
            ),
        ]

    def __str__(self) -> str:
        return f"{financial_year_label(self.year)}: {self.index}"
