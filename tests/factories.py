"""One factory per model: deterministic, parents through SubFactory, no side effects."""

import datetime as dt

import factory
from django.contrib.auth.models import Group

from coordinators.models import Role, User
from localities.models import AssetCategory, CommunityAsset, Locality, ReferralSource, Theme
from outcomes.models import Level, Outcome, OutcomeStory, OutcomeType, WellbeingCheck
from people.models import (
    ClosingReason,
    Connection,
    Contact,
    Introduction,
    Person,
    SupportLevelChange,
)
from reporting.models import GdpDeflator, ValueSettings

TODAY = dt.date(2026, 6, 15)


def days_ago(n: int) -> dt.date:
    """A date `n` days before the factories' TODAY (a Monday)."""
    return TODAY - dt.timedelta(days=n)


class LocalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locality

    name = factory.Sequence(lambda n: f"Locality {n}")
    district = "North District"
    population = 12000
    lac_started_on = dt.date(2020, 4, 1)
    annual_cost = 45000


class ReferralSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferralSource

    name = factory.Sequence(lambda n: f"Referral source {n}")
    category = ReferralSource.Category.GP_PRIMARY_CARE


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    name = factory.Sequence(lambda n: f"Theme {n}")


class AssetCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssetCategory

    name = factory.Sequence(lambda n: f"Asset category {n}")


class CommunityAssetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunityAsset

    name = factory.Sequence(lambda n: f"Community asset {n}")
    category = factory.SubFactory(AssetCategoryFactory)
    locality = factory.SubFactory(LocalityFactory)


def _with_role(default: str | None):
    """A post-generation hook adding the user to a role's group (`role=` overrides)."""

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        name = extracted or default
        if create and name:
            self.groups.add(Group.objects.get(name=name))

    return role


class UserFactory(factory.django.DjangoModelFactory):
    """A user with no role; use the role factories below for personas."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = "Worker"
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def localities(self, create, extracted, **kwargs):
        if create and extracted:
            self.localities.set(extracted)

    role = _with_role(None)


class CoordinatorFactory(UserFactory):
    role = _with_role(Role.COORDINATOR)


class ManagerFactory(UserFactory):
    role = _with_role(Role.MANAGER)


class AdministratorFactory(UserFactory):
    role = _with_role(Role.ADMINISTRATOR)
    is_staff = True
    covers_all_localities = True


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Sequence(lambda n: f"Pat{n}")
    last_name = factory.Sequence(lambda n: f"Jones{n}")
    date_of_birth = dt.date(1960, 5, 1)
    postcode = "AB1 2CD"
    locality = factory.SubFactory(LocalityFactory)
    consent_recorded_on = TODAY


class ClosingReasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClosingReason

    name = factory.Sequence(lambda n: f"Closing reason {n}")


class IntroductionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Introduction

    person = factory.SubFactory(PersonFactory)
    locality = factory.SelfAttribute("person.locality")
    referral_source = factory.SubFactory(ReferralSourceFactory)
    introduced_on = TODAY - dt.timedelta(days=20)


class SupportLevelChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportLevelChange

    introduction = factory.SubFactory(IntroductionFactory)
    support_level = "walking_alongside"
    changed_on = TODAY


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    introduction = factory.SubFactory(IntroductionFactory)
    locality = factory.SelfAttribute("introduction.locality")
    contact_on = TODAY - dt.timedelta(days=10)
    minutes = 45
    mode = "in_person"


class ConnectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Connection

    person = factory.SubFactory(PersonFactory)
    locality = factory.LazyAttribute(
        lambda c: c.introduction.locality if c.introduction else c.person.locality
    )
    introduction = None
    asset = factory.SubFactory(
        CommunityAssetFactory, locality=factory.SelfAttribute("..person.locality")
    )
    suggested_on = TODAY - dt.timedelta(days=5)


class OutcomeTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeType

    name = factory.Sequence(lambda n: f"Outcome type {n}")
    level = Level.INDIVIDUAL


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    outcome_type = factory.SubFactory(OutcomeTypeFactory)
    person = factory.SubFactory(PersonFactory)
    locality = factory.SelfAttribute("person.locality")
    achieved_on = TODAY - dt.timedelta(days=3)


class OutcomeStoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeStory

    person = factory.SubFactory(PersonFactory)
    locality = factory.SelfAttribute("person.locality")
    title = factory.Sequence(lambda n: f"Story {n}")
    text = "What changed, in their words."
    level = Level.INDIVIDUAL
    told_on = TODAY - dt.timedelta(days=2)


class WellbeingCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WellbeingCheck

    person = factory.SubFactory(PersonFactory)
    introduction = None
    locality = factory.LazyAttribute(
        lambda c: c.introduction.locality if c.introduction else c.person.locality
    )
    checked_on = TODAY - dt.timedelta(days=1)
    life_satisfaction = 5
    worthwhile = 5
    happiness = 5
    anxiety = 5


def open_introduction(*, lead, locality, first_name, last_name="Smith", **kwargs):
    """An open introduction of a new person in `locality`, led by `lead`."""
    person = PersonFactory(
        first_name=first_name, last_name=last_name, locality=locality, lead_coordinator=lead
    )
    kwargs.setdefault("introduced_on", days_ago(3))
    return IntroductionFactory(person=person, **kwargs)


class ValueSettingsFactory(factory.django.DjangoModelFactory):
    """The one row of value method settings (row 1), with its defaults unless told."""

    class Meta:
        model = ValueSettings
        django_get_or_create = ("id",)

    id = 1


class GdpDeflatorFactory(factory.django.DjangoModelFactory):
    """A year of the deflator series; tests give the year and index they reason with."""

    class Meta:
        model = GdpDeflator

    year = factory.Sequence(lambda n: 2000 + n)
    index = 100
    source = "A test series"
