"""Records of the service's own work on people: retention runs and caseload moves."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from people.models.person import Person


class RetentionRun(models.Model):
    """One run of `manage.py anonymise_expired`: when, by whom, how many people."""

    ran_at = models.DateTimeField(auto_now_add=True)
    dry_run = models.BooleanField(default=False)
    count = models.PositiveIntegerField(help_text="People anonymised (or who would be).")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-ran_at", "-pk"]

    def __str__(self) -> str:
        kind = "Dry run" if self.dry_run else "Anonymisation run"
        return f"{kind}: {self.count} people"


class CaseloadTransfer(models.Model):
    """One person's lead coordinator changed by a manager moving a caseload."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="caseload_transfers")
    from_coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    to_coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    moved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-moved_at", "-pk"]
        indexes = [
            # Caseload overview: the most recent transfers, newest first.
            models.Index(fields=["-moved_at"], name="caseload_transfer_moved_idx"),
        ]

    def __str__(self) -> str:
        before = self.from_coordinator or "no lead"
        return f"{self.person}: {before} → {self.to_coordinator or 'no lead'}"
