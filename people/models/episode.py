"""Introductions (episodes of support), their closing reasons and support levels."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, ExpressionWrapper, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from coordinators.models import User
from lac.dates import validate_record_date
from localities.models import Locality, ReferralSource, Theme
from people.models.person import Person


class SupportLevel(models.TextChoices):
    INFORMATION = "information", "Information and connection"
    WALKING_ALONGSIDE = "walking_alongside", "Walking alongside"


class ClosingReason(models.Model):
    """Why an introduction closed; admins configure the list."""

    name = models.CharField(max_length=100, unique=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class IntroductionQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> IntroductionQuerySet:
        return self.filter(person__in=Person.objects.visible_to(user))

    def with_last_contact(self) -> IntroductionQuerySet:
        """Annotate the date of the latest contact that reached the person."""
        # Contacts belong to an introduction, so their module imports this one.
        from people.models.contact import Contact, ContactMode

        latest = (
            Contact.objects.filter(introduction=OuterRef("pk"))
            .exclude(mode=ContactMode.ATTEMPTED)
            .order_by("-contact_on")
            .values("contact_on")[:1]
        )
        return self.annotate(last_contact_on=Subquery(latest))

    def caseload(self, *, awaiting_before: date, no_contact_before: date) -> IntroductionQuerySet:
        """Open episodes with their flags, for caseload pages.

        awaiting_first_contact: no first contact and introduced before `awaiting_before`.
        no_recent_contact: the latest real contact (or the introduction, if none) is
        before `no_contact_before`.
        """
        return (
            self.open()
            .with_last_contact()
            .select_related("person__locality", "person__lead_coordinator", "referral_source")
            .annotate(
                awaiting_first_contact=ExpressionWrapper(
                    Q(first_contact_on__isnull=True, introduced_on__lt=awaiting_before),
                    output_field=models.BooleanField(),
                ),
                # A CASE, not a bare condition: `NULL < date` is NULL, not false, and
                # NULLs sort first in descending order on PostgreSQL.
                no_recent_contact=Case(
                    When(
                        Q(last_contact_on__lt=no_contact_before)
                        | Q(last_contact_on__isnull=True, introduced_on__lt=no_contact_before),
                        then=Value(True),
                    ),
                    default=Value(False),
                    output_field=models.BooleanField(),
                ),
            )
        )

    def counting_on(self, day: date) -> IntroductionQuerySet:
        """Annotate `counts_in`: the locality each episode counts in on `day`, or on the
        day it closed if that came first (`counted_on`).

        Where it opened, unless the person moved while it was open: then where they had
        moved to by that day. A move is dated the day it is recorded, so no move changes
        where an episode counted on an earlier day.
        """
        # Moves point at their episode, so their module imports this one.
        from people.models.records import PersonMove

        moved_to = (
            PersonMove.objects.filter(
                introduction=OuterRef("pk"), moved_on__lte=OuterRef("counted_on")
            )
            .order_by("-moved_on", "-pk")
            .values("to_locality")[:1]
        )
        return self.annotate(
            counted_on=Case(
                When(closed_on__lt=day, then=F("closed_on")),
                default=Value(day),
                output_field=models.DateField(),
            )
        ).annotate(
            counts_in=Coalesce(
                Subquery(moved_to), F("locality"), output_field=models.BigIntegerField()
            )
        )

    def overlapping(self, introduction: Introduction) -> IntroductionQuerySet:
        """The person's other episodes that share a day with `introduction`'s. One may
        begin on the day the one before it closed, not earlier."""
        others = self.filter(person=introduction.person_id).exclude(pk=introduction.pk)
        if introduction.closed_on is not None:
            others = others.filter(introduced_on__lt=introduction.closed_on)
        return others.filter(
            Q(closed_on__isnull=True) | Q(closed_on__gt=introduction.introduced_on)
        )

    def open(self) -> IntroductionQuerySet:
        return self.filter(closed_on__isnull=True)

    def closed(self) -> IntroductionQuerySet:
        return self.filter(closed_on__isnull=False)


class Introduction(models.Model):
    """One episode of involvement with a person, from introduction to closing."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="introductions")
    # Where the episode opened: the person's locality then, fixed. If they move while it is
    # open, a `PersonMove` says where it counts from that day (`counting_on`); nothing
    # recorded before moves, so figures of a past period stay as they were.
    locality = models.ForeignKey(
        Locality, on_delete=models.PROTECT, related_name="introductions", editable=False
    )
    referral_source = models.ForeignKey(
        ReferralSource, on_delete=models.PROTECT, related_name="introductions"
    )
    introducer = models.CharField(
        max_length=150, blank=True, help_text="Who made the introduction, e.g. 'Dr Shah, GP'."
    )
    introduced_on = models.DateField(validators=[validate_record_date])
    what_is_happening = models.TextField(blank=True, max_length=4000)
    themes = models.ManyToManyField(Theme, blank=True, related_name="introductions")
    first_contact_on = models.DateField(null=True, blank=True, validators=[validate_record_date])
    support_level = models.CharField(
        max_length=20, choices=SupportLevel, default=SupportLevel.INFORMATION
    )
    next_step = models.CharField(max_length=250, blank=True)
    closed_on = models.DateField(null=True, blank=True, validators=[validate_record_date])
    closing_reason = models.ForeignKey(
        ClosingReason, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = IntroductionQuerySet.as_manager()

    class Meta:
        ordering = ["-introduced_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(closed_on__isnull=True),
                name="introduction_one_open_per_person",
                violation_error_message="This person already has an open introduction.",
            ),
            models.CheckConstraint(
                condition=Q(first_contact_on__isnull=True)
                | Q(first_contact_on__gte=F("introduced_on")),
                name="introduction_first_contact_not_before_introduced",
                violation_error_message="First contact cannot be before the introduction.",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("introduced_on")),
                name="introduction_closed_not_before_introduced",
                violation_error_message="An introduction cannot close before it was made.",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(first_contact_on__isnull=True)
                | Q(closed_on__gte=F("first_contact_on")),
                name="introduction_closed_not_before_first_contact",
                violation_error_message="An introduction cannot close before its first contact.",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True, closing_reason__isnull=True)
                | Q(closed_on__isnull=False, closing_reason__isnull=False),
                name="introduction_closed_with_reason",
                violation_error_message="A closed introduction needs a closing date and reason.",
            ),
        ]
        indexes = [
            # Dashboards: introductions in a period, by month.
            models.Index(fields=["introduced_on"], name="intro_introduced_on_idx"),
            # Dashboards of one locality: its episodes in a period.
            models.Index(fields=["locality", "introduced_on"], name="intro_locality_date_idx"),
            # Caseload: open introductions (closed_on IS NULL) of a person.
            models.Index(fields=["person", "closed_on"], name="intro_person_closed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — introduced {self.introduced_on:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        if self.locality_id is None and self.person_id is not None:
            self.locality_id = self.person.locality_id
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return self.person.get_absolute_url()

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def clean(self) -> None:
        super().clean()
        clash = self.overlap()
        # A second open episode is the open-episode constraint's to report.
        if clash is not None and not (clash.closed_on is None and self.closed_on is None):
            raise self.overlap_error(clash)

    def check_no_overlap(self) -> None:
        """Two episodes of one person never overlap, or "active at period end" would count
        them twice: raises ValidationError, by the field to change where there is one."""
        clash = self.overlap()
        if clash is not None:
            raise self.overlap_error(clash)

    def overlap(self) -> Introduction | None:
        """The person's earliest other episode sharing a day with this one, if any."""
        if self.person_id is None or self.introduced_on is None:
            return None
        return Introduction.objects.overlapping(self).order_by("introduced_on", "pk").first()

    def overlap_error(self, clash: Introduction) -> ValidationError:
        if self.closed_on is not None and clash.introduced_on > self.introduced_on:
            return ValidationError(
                f"Their next introduction began on {clash.introduced_on:%d/%m/%Y}: "
                "this one must close by then."
            )
        if clash.closed_on is None:
            message = (
                f"They already have an open introduction, from {clash.introduced_on:%d/%m/%Y}."
            )
        else:
            message = (
                f"Their introduction of {clash.introduced_on:%d/%m/%Y} closed on "
                f"{clash.closed_on:%d/%m/%Y}: this one cannot begin before then."
            )
        return ValidationError({"introduced_on": message})


class SupportLevelChange(models.Model):
    """A dated change of an introduction's support level."""

    introduction = models.ForeignKey(
        Introduction, on_delete=models.CASCADE, related_name="support_level_changes"
    )
    support_level = models.CharField(max_length=20, choices=SupportLevel)
    changed_on = models.DateField(validators=[validate_record_date])
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_support_level_display()} from {self.changed_on:%d/%m/%Y}"
