"""`manage.py seed_tier`: L needs PostgreSQL; a tiny M (hidden --scale) is valid and repeatable."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, models
from django.db.models import Count
from django.utils import timezone

from coordinators.models import User
from localities.models import CommunityAsset, Locality
from outcomes.models import Outcome, OutcomeStory, WellbeingCheck
from people.models import Connection, Contact, Introduction, Person

APPS = ("localities", "coordinators", "people", "outcomes")
COUNTED = [
    Locality,
    User,
    CommunityAsset,
    Person,
    Introduction,
    Contact,
    Connection,
    Outcome,
    OutcomeStory,
    WellbeingCheck,
]


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_tier", *args, stdout=out)
    return out.getvalue()


def seed_tiny_m(*args: str) -> str:
    return seed("--tier", "M", "--scale", "0.01", *args)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def broken_constraints() -> list[str]:
    """Every named constraint of our models, checked against the rows written."""
    broken = []
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            for constraint in model._meta.constraints:
                if isinstance(constraint, models.CheckConstraint):
                    bad = model.objects.exclude(constraint.condition).exists()
                elif isinstance(constraint, models.UniqueConstraint) and constraint.fields:
                    rows = model.objects.filter(constraint.condition or models.Q())
                    groups = rows.values(*constraint.fields).annotate(n=Count("pk"))
                    bad = groups.filter(n__gt=1).exists()
                else:
                    continue
                if bad:
                    broken.append(f"{model.__name__}: {constraint.name}")
    return broken


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor == "postgresql", reason="L is refused only on SQLite")
def test_seed_tier_refuses_tier_l_on_sqlite():
    with pytest.raises(CommandError, match="Tier L .* needs PostgreSQL"):
        seed("--tier", "L", "--scale", "0.01")

    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_seed_tier_refuses_a_scale_outside_zero_to_one():
    with pytest.raises(CommandError, match="fraction above 0 and at most 1"):
        seed_tiny_m("--scale", "2")


@pytest.mark.django_db
def test_tiny_tier_m_satisfies_every_constraint():
    seed_tiny_m()

    assert Person.objects.count() == 100
    assert Locality.objects.count() == 2
    assert broken_constraints() == []
    connection.check_constraints()  # foreign keys: SQLite checks them only at commit


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="L writes with PostgreSQL's COPY")
def test_tiny_tier_l_written_with_copy_satisfies_every_constraint():
    seed("--tier", "L", "--scale", "0.0004")

    assert Person.objects.count() == 200
    assert Contact.objects.count() > 2_000
    assert broken_constraints() == []
    # Each episode's locality is its person's, as the app would write it.
    assert not Introduction.objects.exclude(locality=models.F("person__locality")).exists()
    connection.check_constraints()
    # The sequences were moved past the ids COPY chose: the app can add rows after it.
    Locality.objects.create(name="After the seed", district="Test")


@pytest.mark.django_db
def test_tiny_tier_m_has_no_date_in_the_future():
    seed_tiny_m()
    today = timezone.localdate()

    future = [
        f"{model.__name__}.{field.name}"
        for label in APPS
        for model in apps.get_app_config(label).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)
        if model.objects.filter(**{f"{field.name}__gt": today}).exists()
    ]
    assert future == []


@pytest.mark.django_db
def test_tiny_tier_m_gives_the_coordinator_login_an_open_caseload():
    seed_tiny_m()

    coordinator = User.objects.get(username="coordinator")
    caseload = Introduction.objects.open().filter(person__lead_coordinator=coordinator)
    assert caseload.count() >= 3
    covered = set(coordinator.localities.values_list("pk", flat=True))
    assert set(caseload.values_list("person__locality", flat=True)) <= covered
    assert coordinator.check_password("demo-password-2026")


@pytest.mark.django_db
def test_tiny_tier_m_run_twice_with_reset_gives_the_same_data():
    seed_tiny_m()
    first = counts()
    names = list(
        Person.objects.order_by("pk").values_list("first_name", "last_name", "locality__name")
    )

    seed_tiny_m("--reset")

    assert counts() == first
    assert first["Contact"] > first["Person"]
    assert (
        list(Person.objects.order_by("pk").values_list("first_name", "last_name", "locality__name"))
        == names
    )


@pytest.mark.django_db
def test_seed_tier_refuses_a_database_with_data_unless_reset(locality):
    with pytest.raises(CommandError, match="already holds data"):
        seed_tiny_m()

    assert Person.objects.count() == 0
