"""A published impact report: frozen figures, method and stories, with their checksum.

The report as a manager published it is kept as canonical JSON text (`reporting.publish`
makes it), so its SHA-256 can be checked by anyone who downloads it: the figures are never
recomputed for this page. The one change ever made to a published report is taking out a
story whose consent was withdrawn; the checksum is then recomputed and the one it was
published with is kept beside it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from localities.models import Locality


class PublishedReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> PublishedReportQuerySet:
        """Reports about localities the user all covers: a report that also covers a
        locality they do not is not theirs to read, even in part."""
        hidden = Locality.objects.exclude(pk__in=Locality.objects.visible_to(user).values("pk"))
        covered = PublishedReport.localities.through.objects.filter(publishedreport=OuterRef("pk"))
        # Exists rather than a join: a report of several localities is one row.
        return self.filter(Exists(covered)).exclude(localities__in=hidden)


class PublishedReport(models.Model):
    """The impact report for a scope and period, as published."""

    localities = models.ManyToManyField(Locality, related_name="+")
    scope_label = models.CharField("scope", max_length=200)
    start = models.DateField()
    end = models.DateField()
    period_label = models.CharField("period", max_length=200)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now, editable=False)
    app_version = models.CharField(max_length=50)
    snapshot = models.TextField(help_text="The report as published, as canonical JSON.")
    checksum = models.CharField(
        "SHA-256 checksum", max_length=64, help_text="Of the snapshot as it is now."
    )
    published_checksum = models.CharField(
        "SHA-256 checksum as published",
        max_length=64,
        help_text="Differs from the checksum once a story has been withdrawn.",
    )

    objects = PublishedReportQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lte=F("end")),
                name="publishedreport_period_in_order",
                violation_error_message="A report's period must start on or before its end.",
            ),
        ]
        indexes = [
            # The "Published reports" list: newest first.
            models.Index(fields=["-published_at", "-id"], name="publishedreport_newest_idx"),
        ]

    def __str__(self) -> str:
        return f"Impact report: {self.scope_label}, {self.period_label}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:published_detail", args=[self.pk])

    @property
    def changed_since_published(self) -> bool:
        """Whether a story has been withdrawn since (the only change ever made)."""
        return self.checksum != self.published_checksum
