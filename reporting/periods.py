"""Periods and scopes for dashboards: which localities, between which dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from localities.models import Locality

MAX_PERIOD_DAYS = 10 * 366
# Custom dates outside these are typing mistakes, and near the calendar's end the
# month arithmetic would overflow (a 500).
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2100, 12, 31)


@dataclass(frozen=True)
class Period:
    """An inclusive date range with the words shown for it."""

    start: dt.date
    end: dt.date
    label: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def slug(self) -> str:
        """The period in a file name: "2025-26" for a financial year, else its dates."""
        whole_year = (self.start.month, self.start.day, self.end.month, self.end.day)
        if whole_year == (4, 1, 3, 31) and self.end.year == self.start.year + 1:
            return f"{self.start.year}-{str(self.end.year)[-2:]}"
        return f"{self.start:%Y-%m-%d}-to-{self.end:%Y-%m-%d}"

    def months(self) -> list[dt.date]:
        """The first day of every calendar month the period touches."""
        first, months = self.start.replace(day=1), []
        while first <= self.end:
            months.append(first)
            first = (first + dt.timedelta(days=32)).replace(day=1)
        return months


@dataclass(frozen=True)
class Scope:
    """What a figure is about: a queryset of visible localities and a period."""

    localities: QuerySet[Locality]
    period: Period
    label: str = "All localities"

    @property
    def start(self) -> dt.date:
        return self.period.start

    @property
    def end(self) -> dt.date:
        return self.period.end


def last_12_months(today: dt.date) -> Period:
    """Twelve months to today: from the day after the same date a year ago, so 365 days,
    or 366 when a 29 February falls in them. (Not this month so far and eleven more,
    which is 11 months and a few days at the start of a month.)"""
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February: a year ago, the month ended on the 28th
        year_ago = today.replace(year=today.year - 1, day=28)
    start = year_ago + dt.timedelta(days=1)
    return Period(start, today, f"Last 12 months ({start:%d/%m/%Y} to {today:%d/%m/%Y})")


def financial_year(start_year: int) -> Period:
    """The UK financial year from 1 April `start_year` to 31 March the year after."""
    return Period(
        dt.date(start_year, 4, 1),
        dt.date(start_year + 1, 3, 31),
        f"Financial year {start_year}/{str(start_year + 1)[-2:]}",
    )


def current_financial_year_start(today: dt.date) -> int:
    return today.year if today.month >= 4 else today.year - 1


class ScopeForm(forms.Form):
    """Dashboard filters: where (a locality, a district, everything) and when."""

    scope = forms.ChoiceField(label="Show", required=False)
    period = forms.ChoiceField(label="Period", required=False)
    start = forms.DateField(label="From", required=False, widget=forms.DateInput({"type": "date"}))
    end = forms.DateField(label="To", required=False, widget=forms.DateInput({"type": "date"}))

    def __init__(self, data, *, localities: QuerySet[Locality], today: dt.date | None = None):
        super().__init__(data)
        self.today = today or timezone.localdate()
        self.visible = localities
        self.locality_list = list(localities.order_by("name"))
        districts = sorted({loc.district for loc in self.locality_list})
        self.fields["scope"].choices = [
            ("all", "All my localities"),
            ("Districts", [(f"district:{d}", d) for d in districts]),
            ("Localities", [(f"locality:{loc.pk}", loc.name) for loc in self.locality_list]),
        ]
        fy = current_financial_year_start(self.today)
        self.fields["period"].choices = [
            ("last12", "Last 12 months"),
            *[(f"fy:{y}", financial_year(y).label) for y in range(fy, fy - 5, -1)],
            ("custom", "Custom dates"),
        ]
        for name, form_field in self.fields.items():
            css = "form-select" if name in ("scope", "period") else "form-control"
            form_field.widget.attrs["class"] = css

    def clean(self):
        data = super().clean()
        if data.get("period") == "custom":
            start, end = data.get("start"), data.get("end")
            if "start" in self.errors or "end" in self.errors:
                return data  # the field says what is wrong with it
            if not start or not end:
                raise forms.ValidationError("Give both a start and an end date for custom dates.")
            if not (EARLIEST <= start <= LATEST and EARLIEST <= end <= LATEST):
                raise forms.ValidationError(
                    f"Choose dates between {EARLIEST:%d/%m/%Y} and {LATEST:%d/%m/%Y}."
                )
            if start > end:
                raise forms.ValidationError("The start date must be on or before the end date.")
            if (end - start).days > MAX_PERIOD_DAYS:
                raise forms.ValidationError("Choose a period of ten years or less.")
        return data

    def get_period(self) -> Period:
        choice = self.cleaned_data.get("period") or "last12"
        if choice.startswith("fy:"):
            return financial_year(int(choice[3:]))
        if choice == "custom":
            start, end = self.cleaned_data["start"], self.cleaned_data["end"]
            return Period(start, end, f"{start:%d/%m/%Y} to {end:%d/%m/%Y}")
        return last_12_months(self.today)

    def get_scope(self) -> Scope:
        choice = self.cleaned_data.get("scope") or "all"
        period = self.get_period()
        if choice.startswith("district:"):
            district = choice.split(":", 1)[1]
            return Scope(self.visible.filter(district=district), period, district)
        if choice.startswith("locality:"):
            pk = int(choice.split(":", 1)[1])
            name = next(loc.name for loc in self.locality_list if loc.pk == pk)
            return Scope(self.visible.filter(pk=pk), period, name)
        return Scope(self.visible, period, "All my localities")
