from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from coordinators.models import User
from lac.dates import validate_record_date
from localities.models import Locality, Theme
from people.models import Introduction, Person, where_recorded


class Level(models.TextChoices):
    """The three levels LAC evaluations report results at."""

    INDIVIDUAL = "individual", "Individual and family"
    COMMUNITY = "community", "Community"
    SYSTEM = "system", "System"


class OutcomeType(models.Model):
    """A kind of counted change, with an optional unit value for value estimates."""

    name = models.CharField(max_length=120, unique=True)
    level = models.CharField(max_length=12, choices=Level)
    description = models.TextField(blank=True, max_length=2000)
    unit_value = models.DecimalField(
        "unit value (£)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Value of one occurrence in pounds; leave empty if it is not valued.",
    )
    value_source = models.CharField(
        max_length=300, blank=True, help_text="Where the unit value comes from."
    )
    price_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text="The year whose prices the unit value is in (2024 means financial year "
        "2024-25); the value estimate brings it to its own price year by the GDP deflator.",
    )
    duration_years = models.PositiveSmallIntegerField(
        "duration (years)",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="How many years the benefit of one occurrence lasts, 1 to 5. Default 1: "
        "count only the first year unless there is evidence it lasts.",
    )
    drop_off_pct = models.DecimalField(
        "drop-off (% a year)",
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="How much of the benefit is lost each year after the first, 0 to 100 %. "
        "Only matters when the duration is more than one year.",
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["level", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit_value__isnull=True) | Q(unit_value__gte=0),
                name="outcometype_unit_value_not_negative",
                violation_error_message="A unit value cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(unit_value__isnull=True)
                | (Q(price_year__isnull=False) & ~Q(value_source="")),
                name="outcometype_value_has_source_and_year",
                violation_error_message="A unit value needs its source and price year.",
            ),
            models.CheckConstraint(
                condition=Q(price_year__isnull=True) | Q(price_year__range=(1990, 2100)),
                name="outcometype_price_year_plausible",
                violation_error_message="Price year must be between 1990 and 2100.",
            ),
            models.CheckConstraint(
                condition=Q(duration_years__range=(1, 5)),
                name="outcometype_duration_between_1_and_5_years",
                violation_error_message="Duration must be between 1 and 5 years.",
            ),
            models.CheckConstraint(
                condition=Q(drop_off_pct__range=(0, 100)),
                name="outcometype_drop_off_is_a_percentage",
                violation_error_message="Drop-off must be between 0 and 100 %%.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


def _about_visible_people(user: User) -> Q:
    """A record about a person is visible with the person, wherever they live now; one
    about a whole locality (no person) with the locality."""
    return Q(person__in=Person.objects.visible_to(user)) | Q(
        person__isnull=True, locality__in=Locality.objects.visible_to(user)
    )


class OutcomeQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> OutcomeQuerySet:
        return self.filter(_about_visible_people(user))


class Outcome(models.Model):
    """A counted change of a configured type, for a person or a whole locality."""

    outcome_type = models.ForeignKey(OutcomeType, on_delete=models.PROTECT, related_name="outcomes")
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="outcomes")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="outcomes"
    )
    introduction = models.ForeignKey(
        Introduction, on_delete=models.SET_NULL, null=True, blank=True, related_name="outcomes"
    )
    achieved_on = models.DateField("date", validators=[validate_record_date])
    quantity = models.PositiveIntegerField(default=1)
    note = models.TextField(blank=True, max_length=4000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic locking: a correction form carries the version it was read at.
    version = models.PositiveIntegerField(default=1)

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        ordering = ["-achieved_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1) & Q(quantity__lte=10000),
                name="outcome_quantity_between_1_and_10000",
                violation_error_message="Quantity must be between 1 and 10,000.",
            ),
        ]
        indexes = [
            # Dashboards and value estimates: outcomes in a locality over a period.
            models.Index(fields=["locality", "achieved_on"], name="outcome_locality_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.outcome_type} × {self.quantity}"


class Consent(models.TextChoices):
    NONE = "none", "Not to be shared"
    ANONYMISED = "anonymised", "Share anonymised"
    NAMED = "named", "Share with their name"


class OutcomeStoryQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> OutcomeStoryQuerySet:
        return self.filter(_about_visible_people(user))

    def shareable(self) -> OutcomeStoryQuerySet:
        return self.exclude(consent=Consent.NONE)


class OutcomeStory(models.Model):
    """A narrative of change at one level, tied to a locality and maybe a person."""

    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="stories")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="stories"
    )
    title = models.CharField(max_length=150)
    text = models.TextField(max_length=10000)
    level = models.CharField(max_length=12, choices=Level)
    themes = models.ManyToManyField(Theme, blank=True, related_name="stories")
    consent = models.CharField(
        "consent to share",
        max_length=12,
        choices=Consent,
        default=Consent.NONE,
        help_text="What the person agreed to: decides how the story appears in reports.",
    )
    featured = models.BooleanField(default=False, help_text="Chosen by a manager for reports.")
    told_on = models.DateField("date", validators=[validate_record_date])
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: a correction form carries the version it was read at.
    version = models.PositiveIntegerField(default=1)

    objects = OutcomeStoryQuerySet.as_manager()

    class Meta:
        ordering = ["-told_on", "-pk"]
        verbose_name_plural = "outcome stories"
        constraints = [
            models.CheckConstraint(
                condition=~Q(featured=True, consent="none"),
                name="story_featured_needs_consent",
                violation_error_message="A story without consent to share cannot be featured.",
            ),
        ]
        indexes = [
            # Impact report: featured stories of a locality in a period.
            models.Index(fields=["locality", "told_on"], name="story_locality_date_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class WellbeingCheckQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> WellbeingCheckQuerySet:
        return self.filter(person__in=Person.objects.visible_to(user))


def _score(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )


class WellbeingCheck(models.Model):
    """The four ONS personal wellbeing questions, each answered 0–10."""

    # The ONS wording (Office for National Statistics, personal wellbeing questions).
    QUESTIONS = {
        "life_satisfaction": "Overall, how satisfied are you with your life nowadays?",
        "worthwhile": (
            "Overall, to what extent do you feel that the things you do in your life "
            "are worthwhile?"
        ),
        "happiness": "Overall, how happy did you feel yesterday?",
        "anxiety": (
            'On a scale where 0 is "not at all anxious" and 10 is "completely anxious", '
            "overall, how anxious did you feel yesterday?"
        ),
    }

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="wellbeing_checks")
    introduction = models.ForeignKey(
        Introduction, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Where it counts: where it was recorded (its introduction's locality, or the person's).
    locality = models.ForeignKey(
        Locality, on_delete=models.PROTECT, related_name="wellbeing_checks", editable=False
    )
    checked_on = models.DateField("date", validators=[validate_record_date])
    life_satisfaction = _score("life satisfaction")
    worthwhile = _score("worthwhile")
    happiness = _score("happiness")
    anxiety = _score("anxiety")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic locking: a correction form carries the version it was read at.
    version = models.PositiveIntegerField(default=1)

    objects = WellbeingCheckQuerySet.as_manager()

    class Meta:
        ordering = ["-checked_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{item}__range": (0, 10)}),
                name=f"wellbeing_{item}_0_to_10",
                violation_error_message=f"{item.replace('_', ' ').capitalize()} must be 0–10.",
            )
            for item in ("life_satisfaction", "worthwhile", "happiness", "anxiety")
        ]
        indexes = [
            # Paired wellbeing change: each person's checks in date order.
            models.Index(fields=["person", "checked_on"], name="wellbeing_person_date_idx"),
            # Dashboards of some localities: their checks in a period.
            models.Index(fields=["locality", "checked_on"], name="wellbeing_locality_date_idx"),
        ]

    def __str__(self) -> str:
        return f"Wellbeing check on {self.checked_on:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        if self.locality_id is None:
            self.locality_id = where_recorded(self)
        super().save(*args, **kwargs)
