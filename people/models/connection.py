"""Connections between a person and a community asset."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from coordinators.models import User
from lac.dates import validate_record_date
from localities.models import CommunityAsset, Locality
from people.models.episode import Introduction
from people.models.person import Person, where_recorded


class ConnectionStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    CONNECTED = "connected", "Connected"
    ENDED = "ended", "Ended"


class ConnectionQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> ConnectionQuerySet:
        return self.filter(person__in=Person.objects.visible_to(user))

    def current(self) -> ConnectionQuerySet:
        return self.exclude(status=ConnectionStatus.ENDED)


class Connection(models.Model):
    """A person linked to a community asset."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="connections")
    asset = models.ForeignKey(CommunityAsset, on_delete=models.PROTECT, related_name="connections")
    # Where it counts, fixed when it is made (`where_recorded`): where the person lived
    # then. A move afterwards leaves it where it was.
    locality = models.ForeignKey(
        Locality, on_delete=models.PROTECT, related_name="connections", editable=False
    )
    introduction = models.ForeignKey(
        Introduction, on_delete=models.SET_NULL, null=True, blank=True, related_name="connections"
    )
    status = models.CharField(
        max_length=12, choices=ConnectionStatus, default=ConnectionStatus.SUGGESTED
    )
    suggested_on = models.DateField(validators=[validate_record_date])
    connected_on = models.DateField(null=True, blank=True, validators=[validate_record_date])
    ended_on = models.DateField(null=True, blank=True, validators=[validate_record_date])
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConnectionQuerySet.as_manager()

    class Meta:
        ordering = ["-suggested_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "asset"],
                condition=~Q(status="ended"),
                name="connection_one_current_per_person_asset",
                violation_error_message="This person is already linked to this asset.",
            ),
            models.CheckConstraint(
                condition=Q(connected_on__isnull=True) | Q(connected_on__gte=F("suggested_on")),
                name="connection_connected_not_before_suggested",
                violation_error_message="Connected date cannot be before it was suggested.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("suggested_on")),
                name="connection_ended_not_before_suggested",
                violation_error_message="End date cannot be before it was suggested.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(connected_on__isnull=True)
                | Q(ended_on__gte=F("connected_on")),
                name="connection_ended_not_before_connected",
                violation_error_message="End date cannot be before it was connected.",
            ),
            models.CheckConstraint(
                condition=~Q(status="connected") | Q(connected_on__isnull=False),
                name="connection_connected_has_date",
                violation_error_message="A connection needs the date it was made.",
            ),
            models.CheckConstraint(
                condition=(Q(status="ended") & Q(ended_on__isnull=False))
                | (~Q(status="ended") & Q(ended_on__isnull=True)),
                name="connection_ended_has_date",
                violation_error_message="An ended connection needs an end date.",
            ),
        ]
        indexes = [
            # Dashboards: connections made in a period.
            models.Index(fields=["connected_on"], name="connection_connected_on_idx"),
            # Dashboards of some localities: their connections made in a period.
            models.Index(fields=["locality", "connected_on"], name="connection_locality_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ↔ {self.asset} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        if self.locality_id is None:
            self.locality_id = where_recorded(self)
        super().save(*args, **kwargs)
