import io

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models
from django.db.models import Count
from django.utils import timezone

from coordinators.models import User
from localities.models import CommunityAsset, Locality, ReferralSource
from outcomes.models import Consent, Outcome, OutcomeStory, OutcomeType, WellbeingCheck
from people.models import Connection, Contact, Introduction, Person

COUNTED = [
    Locality,
    CommunityAsset,
    User,
    Person,
    Introduction,
    Contact,
    Connection,
    Outcome,
    OutcomeStory,
    WellbeingCheck,
    OutcomeType,
    ReferralSource,
]


def run_demo(**options) -> str:
    out = io.StringIO()
    call_command("demo", stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def usernames(group: str) -> set[str]:
    return set(User.objects.filter(groups__name=group).values_list("username", flat=True))


@pytest.mark.django_db
def test_demo_builds_ten_localities_in_four_districts_with_their_team():
    run_demo()

    assert Locality.objects.count() == 10
    assert Locality.objects.values("district").distinct().count() == 4
    assert usernames("Coordinator") == {"coordinator"} | {f"coordinator{n}" for n in range(2, 9)}
    assert usernames("Manager") == {"manager", "manager2"}
    assert usernames("Administrator") == {"admin"}
    covered = Locality.objects.filter(users__groups__name="Coordinator").distinct()
    assert covered.count() == 10
    admin = User.objects.get(username="admin")
    assert (admin.is_staff, admin.covers_all_localities, admin.is_superuser) == (True, True, False)
    manager = User.objects.get(username="manager")
    assert set(manager.localities.values_list("district", flat=True)) == {"Hartsmere", "Stowbridge"}
    assert User.objects.get(username="manager2").covers_all_localities
    assert User.objects.get(username="coordinator").check_password("demo-password-2026")


@pytest.mark.django_db
def test_demo_gives_every_locality_assets_and_people():
    run_demo()

    for locality in Locality.objects.annotate(
        assets_n=Count("assets", distinct=True), people_n=Count("people", distinct=True)
    ):
        assert 6 <= locality.assets_n <= 10, locality
        assert 25 <= locality.people_n <= 40, locality
    assert CommunityAsset.objects.filter(locality__isnull=True).exists()
    assert CommunityAsset.objects.filter(developed_with_lac=True).exists()
    categories = set(ReferralSource.objects.values_list("category", flat=True))
    assert categories == set(ReferralSource.Category.values)


@pytest.mark.django_db
def test_demo_lead_coordinators_cover_their_peoples_locality():
    run_demo()

    coordinators = User.objects.filter(groups__name="Coordinator").prefetch_related("localities")
    covers = {user.pk: {loc.pk for loc in user.localities.all()} for user in coordinators}
    people = list(Person.objects.values_list("lead_coordinator", "locality", "consent_recorded_on"))
    assert people
    assert [p for p in people if p[1] not in covers.get(p[0], set())] == []
    assert [p for p in people if p[2] is None] == []


@pytest.mark.django_db
def test_demo_has_at_most_one_open_introduction_per_person_and_some_of_each_kind():
    run_demo()

    doubled = Introduction.objects.open().values("person").annotate(n=Count("pk")).filter(n__gt=1)
    assert list(doubled) == []
    assert Introduction.objects.open().filter(first_contact_on__isnull=True).exists()
    assert Person.objects.annotate(n=Count("introductions")).filter(n__gt=1).exists()
    assert not OutcomeStory.objects.filter(featured=True, consent=Consent.NONE).exists()
    assert OutcomeStory.objects.filter(featured=True).exists()
    assert OutcomeStory.objects.filter(person__isnull=True, level="community").exists()
    assert WellbeingCheck.objects.values("person").annotate(n=Count("pk")).filter(n=3).exists()


@pytest.mark.django_db
def test_demo_has_no_date_in_the_future():
    run_demo()
    today = timezone.localdate()

    future = [
        f"{model.__name__}.{field.name}"
        for label in ("localities", "coordinators", "people", "outcomes")
        for model in apps.get_app_config(label).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)
        if model.objects.filter(**{f"{field.name}__gt": today}).exists()
    ]
    assert future == []


@pytest.mark.django_db
def test_demo_run_twice_adds_nothing_and_reset_rebuilds_the_same_demo():
    run_demo()
    first = counts()
    names = list(Person.objects.values_list("first_name", "last_name", "locality__name"))

    again = run_demo()
    assert "Demo data already present" in again
    assert counts() == first

    run_demo(reset=True, interactive=False)
    assert counts() == first
    assert list(Person.objects.values_list("first_name", "last_name", "locality__name")) == names


@pytest.mark.django_db
def test_demo_prints_the_logins():
    output = run_demo()

    for username in ["coordinator", "coordinator8", "manager", "manager2", "admin"]:
        assert f" {username} " in output
    assert "demo-password-2026" in output


@pytest.mark.django_db
def test_demo_refuses_to_mix_with_other_data(locality):
    with pytest.raises(CommandError, match="already holds data"):
        run_demo()

    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_demo_builds_next_to_an_existing_account_and_the_app_adds_rows_after_it(administrator):
    run_demo()

    # The generator chose its own ids after the highest one already there.
    assert User.objects.get(username="ada") == administrator
    assert not User.objects.exclude(pk=administrator.pk).filter(pk__lte=administrator.pk).exists()
    assert usernames("Coordinator") == {"coordinator"} | {f"coordinator{n}" for n in range(2, 9)}
    # The id sequences were moved past the generator's ids.
    added = Locality.objects.create(name="After the demo", district="Test")
    assert added.pk > max(Locality.objects.exclude(pk=added.pk).values_list("pk", flat=True))


@pytest.mark.django_db
def test_demo_reset_empties_the_audit_trail_of_the_records_it_replaces():
    run_demo()
    person = Person.objects.order_by("pk").first()
    person.strengths = "Plays the fiddle."
    person.save()  # an audit entry about a demo person
    assert LogEntry.objects.get_for_object(person).exists()

    run_demo(reset=True, interactive=False)

    # Ids start again at 1: an entry kept would now name someone else.
    assert LogEntry.objects.count() == 0
    assert Person.objects.order_by("pk").first().pk == person.pk
