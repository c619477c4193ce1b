from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from lac.dates import validate_record_date

if TYPE_CHECKING:
    from coordinators.models import User


class LocalityQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> LocalityQuerySet:
        """The localities a user covers: all of them, or the ones they are given."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.covers_all_localities:
            return self.all()
        return self.filter(users=user)


class Locality(models.Model):
    """A geographic patch with its own Local Area Coordinator(s)."""

    name = models.CharField(max_length=100, unique=True)
    district = models.CharField(
        max_length=100, help_text="The district or borough the locality belongs to."
    )
    population = models.PositiveIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(20_000_000)]
    )
    lac_started_on = models.DateField(
        "LAC started on",
        null=True,
        blank=True,
        validators=[validate_record_date],
        help_text="When LAC began in this locality.",
    )
    annual_cost = models.DecimalField(
        "annual cost of the service (£)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Used to pro-rate the cost of the service in value estimates.",
    )

    objects = LocalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "localities"
        permissions = [("view_dashboard", "Can view locality dashboards, reports and exports")]
        constraints = [
            models.CheckConstraint(
                condition=Q(annual_cost__isnull=True) | Q(annual_cost__gte=0),
                name="locality_annual_cost_not_negative",
                violation_error_message="The annual cost cannot be negative.",
            ),
        ]
        indexes = [
            # Dashboards: "every locality in district X".
            models.Index(fields=["district", "name"], name="locality_district_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class ReferralSource(models.Model):
    """Who introduced a person; admins configure the list."""

    class Category(models.TextChoices):
        SELF = "self", "Self"
        FAMILY_FRIEND = "family_friend", "Family or friend"
        GP_PRIMARY_CARE = "gp", "GP / primary care"
        HOSPITAL = "hospital", "Hospital"
        MENTAL_HEALTH = "mental_health", "Mental health"
        ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
        HOUSING = "housing", "Housing"
        POLICE_FIRE = "police_fire", "Police / fire"
        VOLUNTARY_SECTOR = "voluntary", "Voluntary sector"
        OTHER = "other", "Other"

    name = models.CharField(max_length=100, unique=True)
    category = models.CharField(max_length=20, choices=Category)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    """What life is about right now; carried by introductions and assets."""

    name = models.CharField(max_length=80, unique=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AssetCategory(models.Model):
    name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "asset categories"

    def __str__(self) -> str:
        return self.name


class CommunityAssetQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> CommunityAssetQuerySet:
        """Assets in the user's localities, and area-wide assets (no locality)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.covers_all_localities:
            return self.all()
        return self.filter(Q(locality__isnull=True) | Q(locality__users=user))

    def active(self) -> CommunityAssetQuerySet:
        return self.filter(active=True)


class CommunityAsset(models.Model):
    """A group, venue, organisation, activity, green space or service."""

    name = models.CharField(max_length=150)
    category = models.ForeignKey(AssetCategory, on_delete=models.PROTECT, related_name="assets")
    locality = models.ForeignKey(
        Locality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assets",
        help_text="Leave empty for an asset that serves the whole area.",
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="assets")
    description = models.TextField(blank=True, max_length=4000)
    contact_details = models.CharField(max_length=250, blank=True)
    developed_with_lac = models.BooleanField(
        "developed with LAC support",
        default=False,
        help_text="A coordinator helped local people start or grow it.",
    )
    developed_on = models.DateField(
        "developed on",
        null=True,
        blank=True,
        validators=[validate_record_date],
        help_text="When it started with LAC support.",
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: an edit form carries the version it was read at.
    version = models.PositiveIntegerField(default=1)

    objects = CommunityAssetQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(developed_with_lac=True) | Q(developed_on__isnull=True),
                name="asset_developed_on_needs_lac_support",
                violation_error_message="A date developed needs 'developed with LAC support'.",
            ),
        ]
        indexes = [
            # Asset directory and suggested assets: active assets in a locality.
            models.Index(fields=["locality", "active"], name="asset_locality_active_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("localities:asset_detail", args=[self.pk])

    @property
    def area_label(self) -> str:
        return self.locality.name if self.locality_id else "Area-wide"
