"""What the project keeps for its own running rather than about anyone."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone


class FormTokenQuerySet(models.QuerySet):
    def expired(self, *, now: dt.datetime | None = None) -> FormTokenQuerySet:
        """Claims older than LAC_FORM_TOKEN_DAYS: a form sent again after that saves again."""
        cutoff = (now or timezone.now()) - dt.timedelta(days=settings.LAC_FORM_TOKEN_DAYS)
        return self.filter(claimed_at__lt=cutoff)


class FormToken(models.Model):
    """A new-record form's one-time token, claimed by the transaction that saved the record.

    See lac.idempotency: a second submission of the same form finds this row and goes to
    `saved_url` instead of saving again.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)
    # Where the first submission went after saving: the record, or the page it returns to.
    saved_url = models.CharField(max_length=2000)
    claimed_at = models.DateTimeField(default=timezone.now)

    objects = FormTokenQuerySet.as_manager()

    class Meta:
        constraints = [
            # One claim per form: the second insert of a pair fails (on PostgreSQL after
            # waiting for the first transaction). Per user, so nobody can use up, or be
            # sent to the record of, a token shown to someone else. Its index also serves
            # the lookup of a form sent again (user and token).
            models.UniqueConstraint(fields=["user", "token"], name="formtoken_one_claim"),
        ]
        indexes = [
            # `form_tokens_flush_expired`: claimed_at < cutoff.
            models.Index(fields=["claimed_at"], name="formtoken_claimed_at"),
        ]

    def __str__(self) -> str:
        return f"Form token {self.token[:8]}… → {self.saved_url}"
