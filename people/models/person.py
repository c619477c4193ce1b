"""A person the service supports, and where a record about them counts."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse

from coordinators.models import User
from lac.dates import validate_birth_date, validate_record_date
from localities.models import Locality


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> PersonQuerySet:
        """People in the localities the user covers. Everyone else is invisible."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.covers_all_localities:
            return self.all()
        return self.filter(locality__users=user)


class Person(models.Model):
    """Someone a coordinator supports (never a "client" or "service user")."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True, validators=[validate_birth_date])
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    address = models.CharField(max_length=250, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="people")
    lead_coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_people",
    )
    vision = models.TextField(
        blank=True, max_length=4000, help_text="Their own words about a good life."
    )
    strengths = models.TextField(
        blank=True, max_length=4000, help_text="Gifts, skills, interests and people around them."
    )
    consent_recorded_on = models.DateField(
        validators=[validate_record_date],
        null=True,
        blank=True,
        help_text="When they agreed to us keeping a record about them.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: an edit form carries the version it was read at.
    version = models.PositiveIntegerField(default=1)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name_plural = "people"
        indexes = [
            # People list and search within a locality, ordered by surname.
            models.Index(
                fields=["locality", "last_name", "first_name"], name="person_locality_name_idx"
            ),
            # Caseload: people led by one coordinator.
            models.Index(fields=["lead_coordinator"], name="person_lead_idx"),
            # People list of someone who covers many localities: everyone by surname, the
            # first page read in index order instead of sorting every person.
            models.Index(fields=["last_name", "first_name", "id"], name="person_name_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("people:person_detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def where_recorded(record) -> int:
    """The locality a record of a person's support counts in, fixed when it is made: where
    the work happens now, the locality the person lives in. A record added to an episode
    that has closed counts where that episode did. A move later changes neither.

    Reads `introduction_id`, `introduction` (its `closed_on`, `locality_id`, `person`) and,
    without an introduction, `person`. For records saved one at a time; bulk writers call
    it with what they know of the record."""
    if record.introduction_id is None:
        return record.person.locality_id
    episode = record.introduction
    if episode.closed_on is not None:
        return episode.locality_id
    return episode.person.locality_id
