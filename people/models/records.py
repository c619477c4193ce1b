"""Records of the service's own work on people: retention runs, caseload moves and
moves of locality."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from lac.dates import validate_record_date
from localities.models import Locality
from people.models.episode import Introduction
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


class PersonMove(models.Model):
    """A person's locality changed: where they live from `moved_on`.

    Nothing recorded before it moves: each record keeps the locality it was made in. The
    episode open at the time (`introduction`) counts, for figures of a day from
    `moved_on` on, where they moved to (`IntroductionQuerySet.counting_on`).
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="moves")
    introduction = models.ForeignKey(
        Introduction, on_delete=models.SET_NULL, null=True, blank=True, related_name="moves"
    )
    from_locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="+")
    to_locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="+")
    # The day it was recorded, never typed: a move dated back would shift past figures.
    moved_on = models.DateField(validators=[validate_record_date])
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    moved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-moved_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_locality=F("to_locality")),
                name="personmove_to_another_locality",
                violation_error_message="A move goes to another locality.",
            ),
        ]
        indexes = [
            # Figures: where an open episode counted on a day, its latest move by then.
            models.Index(fields=["introduction", "moved_on"], name="person_move_episode_date_idx"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.person}: {self.from_locality} → {self.to_locality} on {self.moved_on:%d/%m/%Y}"
        )
