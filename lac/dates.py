"""The range a date of LAC work may fall in: from 2000 (before Local Area Coordination
reached England and Wales) up to today. A year typed as 0001 or 9999 is a slip, and
a figure built on it would be nonsense, so it is refused beside its field."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

EARLIEST_RECORD = dt.date(2000, 1, 1)


def validate_record_date(value: dt.date | None, *, earliest: dt.date | None = EARLIEST_RECORD):
    if not value:
        return
    if value > timezone.localdate():
        raise ValidationError("This date is in the future.", code="future")
    if earliest and value < earliest:
        raise ValidationError(
            f"Check the year: records start in {earliest.year}.", code="too_early"
        )


EARLIEST_BIRTH = dt.date(1900, 1, 1)


def validate_birth_date(value: dt.date | None) -> None:
    """A date of birth: not in the future, and not before 1900 (a slip of the year)."""
    if not value:
        return
    if value > timezone.localdate():
        raise ValidationError("This date is in the future.", code="future")
    if value < EARLIEST_BIRTH:
        raise ValidationError("Check the year: this is before 1900.", code="too_early")
