"""Dates behind the caseload flags. Working days skip weekends and bank holidays."""

import datetime as dt
from functools import cache

import holidays
from django.conf import settings


@cache
def _bank_holidays(region: str, year: int) -> frozenset[dt.date]:
    if not region:
        return frozenset()
    return frozenset(holidays.country_holidays("GB", subdiv=region, years=year))


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, and not a bank holiday where the service is (LAC_BANK_HOLIDAYS)."""
    return day.weekday() < 5 and day not in _bank_holidays(settings.LAC_BANK_HOLIDAYS, day.year)


def working_days_before(day: dt.date, n: int) -> dt.date:
    while n > 0:
        day -= dt.timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def flag_cutoffs(today: dt.date) -> dict[str, dt.date]:
    """The `awaiting_before` and `no_contact_before` arguments of `caseload()`."""
    return {
        "awaiting_before": working_days_before(
            today, settings.LAC_AWAITING_FIRST_CONTACT_WORKING_DAYS
        ),
        "no_contact_before": today - dt.timedelta(days=settings.LAC_NO_CONTACT_DAYS),
    }
