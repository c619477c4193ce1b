"""Dates behind the caseload flags. Working days skip weekends (not bank holidays)."""

import datetime as dt

from django.conf import settings


def working_days_before(day: dt.date, n: int) -> dt.date:
    while n > 0:
        day -= dt.timedelta(days=1)
        if day.weekday() < 5:
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
