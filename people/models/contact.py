"""Contacts: one conversation, visit, call, accompanied trip or group session."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from coordinators.models import User
from lac.dates import validate_record_date
from localities.models import Locality
from people.models.episode import Introduction
from people.models.person import Person, where_recorded

# The eight areas of support in the LAC model, in the model's own order:
# (field name on Contact, label shown to coordinators).
AREAS_OF_SUPPORT = [
    ("area_practical", "Practical, non-service solutions"),
    ("area_services", "Accessing and navigating services"),
    ("area_relationships", "Valued, mutual relationships"),
    ("area_gifts", "Gifts, skills and experience"),
    ("area_information", "Accurate, timely information"),
    ("area_vision", "Vision and plan for the future"),
    ("area_community", "Taking part in community life"),
    ("area_heard", "Being heard (advocacy)"),
]


class ContactMode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video call"
    MESSAGE = "message", "Text, email or letter"
    ACCOMPANIED = "accompanied", "Accompanied trip"
    GROUP = "group", "Group session"
    ATTEMPTED = "attempted", "Attempted (no answer)"


class ContactQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> ContactQuerySet:
        return self.filter(introduction__person__in=Person.objects.visible_to(user))

    def real(self) -> ContactQuerySet:
        """Contacts that reached the person: everything but attempts."""
        return self.exclude(mode=ContactMode.ATTEMPTED)


class Contact(models.Model):
    """One conversation, visit, call, accompanied trip or group session."""

    introduction = models.ForeignKey(
        Introduction, on_delete=models.CASCADE, related_name="contacts"
    )
    # Where it counts, fixed when it is logged (`where_recorded`): where the person lived
    # then. A move afterwards leaves it, and the figures of its period, where it was.
    locality = models.ForeignKey(
        Locality, on_delete=models.PROTECT, related_name="contacts", editable=False
    )
    contact_on = models.DateField("date", validators=[validate_record_date])
    minutes = models.PositiveSmallIntegerField()
    mode = models.CharField(max_length=20, choices=ContactMode, default=ContactMode.IN_PERSON)
    area_practical = models.BooleanField(AREAS_OF_SUPPORT[0][1], default=False)
    area_services = models.BooleanField(AREAS_OF_SUPPORT[1][1], default=False)
    area_relationships = models.BooleanField(AREAS_OF_SUPPORT[2][1], default=False)
    area_gifts = models.BooleanField(AREAS_OF_SUPPORT[3][1], default=False)
    area_information = models.BooleanField(AREAS_OF_SUPPORT[4][1], default=False)
    area_vision = models.BooleanField(AREAS_OF_SUPPORT[5][1], default=False)
    area_community = models.BooleanField(AREAS_OF_SUPPORT[6][1], default=False)
    area_heard = models.BooleanField(AREAS_OF_SUPPORT[7][1], default=False)
    note = models.TextField(blank=True, max_length=4000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic locking: correcting a contact carries the version it was read at.
    version = models.PositiveIntegerField(default=1)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["-contact_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gt=0) & Q(minutes__lte=24 * 60),
                name="contact_minutes_between_1_and_1440",
                violation_error_message="Minutes must be between 1 and 1440 (a day).",
            ),
        ]
        indexes = [
            # Caseload "days since last contact" and the timeline: contacts of an episode by date.
            models.Index(fields=["introduction", "-contact_on"], name="contact_intro_date_idx"),
            # Dashboards: contacts and hours in a period.
            models.Index(fields=["contact_on"], name="contact_on_idx"),
            # Dashboards of some localities: their contacts and hours in a period.
            models.Index(fields=["locality", "contact_on"], name="contact_locality_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_mode_display()} on {self.contact_on:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        if self.locality_id is None:
            self.locality_id = where_recorded(self)
        super().save(*args, **kwargs)

    @property
    def areas(self) -> list[str]:
        return [label for field, label in AREAS_OF_SUPPORT if getattr(self, field)]
