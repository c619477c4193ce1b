from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Case, ExpressionWrapper, F, OuterRef, Q, Subquery, Value, When
from django.urls import reverse

from coordinators.models import User
from localities.models import CommunityAsset, Locality, ReferralSource, Theme

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


class SupportLevel(models.TextChoices):
    INFORMATION = "information", "Information and connection"
    WALKING_ALONGSIDE = "walking_alongside", "Walking alongside"


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
    date_of_birth = models.DateField(null=True, blank=True)
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
    """The locality a record of a person's support counts in: its introduction's, or the
    person's when it has none. For records saved one at a time; bulk writers set it."""
    if record.introduction_id is not None:
        return record.introduction.locality_id
    return record.person.locality_id


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

    def open(self) -> IntroductionQuerySet:
        return self.filter(closed_on__isnull=True)

    def closed(self) -> IntroductionQuerySet:
        return self.filter(closed_on__isnull=False)


class Introduction(models.Model):
    """One episode of involvement with a person, from introduction to closing."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="introductions")
    # Where the work of this episode happens: the person's locality when it opened, and
    # again if they move while it is open. A closed episode stays where it was, so figures
    # of a past period do not move when someone moves house.
    locality = models.ForeignKey(
        Locality, on_delete=models.PROTECT, related_name="introductions", editable=False
    )
    referral_source = models.ForeignKey(
        ReferralSource, on_delete=models.PROTECT, related_name="introductions"
    )
    introducer = models.CharField(
        max_length=150, blank=True, help_text="Who made the introduction, e.g. 'Dr Shah, GP'."
    )
    introduced_on = models.DateField()
    what_is_happening = models.TextField(blank=True, max_length=4000)
    themes = models.ManyToManyField(Theme, blank=True, related_name="introductions")
    first_contact_on = models.DateField(null=True, blank=True)
    support_level = models.CharField(
        max_length=20, choices=SupportLevel, default=SupportLevel.INFORMATION
    )
    next_step = models.CharField(max_length=250, blank=True)
    closed_on = models.DateField(null=True, blank=True)
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


class SupportLevelChange(models.Model):
    """A dated change of an introduction's support level."""

    introduction = models.ForeignKey(
        Introduction, on_delete=models.CASCADE, related_name="support_level_changes"
    )
    support_level = models.CharField(max_length=20, choices=SupportLevel)
    changed_on = models.DateField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_support_level_display()} from {self.changed_on:%d/%m/%Y}"


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
    contact_on = models.DateField("date")
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
        ]

    def __str__(self) -> str:
        return f"{self.get_mode_display()} on {self.contact_on:%d/%m/%Y}"

    @property
    def areas(self) -> list[str]:
        return [label for field, label in AREAS_OF_SUPPORT if getattr(self, field)]


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
    # Where it counts: its introduction's locality when it was made (the person's, if it
    # has none); it moves with an open introduction when the person moves.
    locality = models.ForeignKey(
        Locality, on_delete=models.PROTECT, related_name="connections", editable=False
    )
    introduction = models.ForeignKey(
        Introduction, on_delete=models.SET_NULL, null=True, blank=True, related_name="connections"
    )
    status = models.CharField(
        max_length=12, choices=ConnectionStatus, default=ConnectionStatus.SUGGESTED
    )
    suggested_on = models.DateField()
    connected_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
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
