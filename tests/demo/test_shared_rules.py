"""The rules the app and the demo generator share, checked over every row generated.

"First contact" (`people.rules.first_contact_after`) and "where a record counts"
(`people.models.where_recorded`) are written once in the app; the services, the models
and the generator all call them, so the demo and every tier agree with what
the app itself would have written.
"""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Min, Q

from outcomes.models import Outcome, WellbeingCheck
from people.models import Connection, Contact, ContactMode, Introduction, where_recorded
from people.rules import first_contact_after

D = dt.date


def test_an_attempt_never_sets_the_first_contact():
    assert first_contact_after(None, mode=ContactMode.ATTEMPTED, contact_on=D(2026, 3, 2)) is None
    assert first_contact_after(
        D(2026, 3, 5), mode=ContactMode.ATTEMPTED, contact_on=D(2026, 3, 2)
    ) == D(2026, 3, 5)


def test_the_earliest_real_contact_is_the_first_contact():
    assert first_contact_after(None, mode=ContactMode.PHONE, contact_on=D(2026, 3, 2)) == D(
        2026, 3, 2
    )
    earlier = first_contact_after(D(2026, 3, 5), mode=ContactMode.GROUP, contact_on=D(2026, 3, 1))
    later = first_contact_after(D(2026, 3, 5), mode=ContactMode.IN_PERSON, contact_on=D(2026, 4, 1))
    assert (earlier, later) == (D(2026, 3, 1), D(2026, 3, 5))


def build(kind: str) -> None:
    """The demo, or a tier at a tiny scale (L only where COPY is there: PostgreSQL)."""
    if kind == "L" and connection.vendor != "postgresql":
        pytest.skip("L writes with PostgreSQL's COPY")
    out = io.StringIO()
    if kind == "demo":
        call_command("demo", stdout=out)
    else:
        scale = {"M": "0.01", "L": "0.0004"}[kind]
        call_command("seed_tier", "--tier", kind, "--scale", scale, stdout=out)


WORLDS = ["demo", "M", "L"]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", WORLDS)
def test_every_first_contact_is_the_earliest_real_contact(kind):
    build(kind)

    episodes = Introduction.objects.annotate(
        earliest=Min("contacts__contact_on", filter=~Q(contacts__mode=ContactMode.ATTEMPTED))
    ).values_list("pk", "first_contact_on", "earliest")
    assert len(episodes) > 50
    assert [row for row in episodes if row[1] != row[2]] == []
    assert Introduction.objects.filter(first_contact_on__isnull=True).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", WORLDS)
def test_every_record_of_a_persons_support_counts_where_it_was_recorded(kind):
    build(kind)

    wrong, counted = {}, {}
    for model in (Contact, Connection, WellbeingCheck, Outcome):
        if model is Contact:  # always of an episode, so of its person
            rows = Contact.objects.select_related("introduction__person")
        else:
            # An outcome with no person is about a whole locality: it counts there.
            rows = model.objects.filter(person__isnull=False)
            rows = rows.select_related("introduction__person", "person")
        counted[model.__name__] = len(rows)
        wrong[model.__name__] = [r.pk for r in rows if r.locality_id != where_recorded(r)]
    assert wrong == {"Contact": [], "Connection": [], "WellbeingCheck": [], "Outcome": []}
    assert min(counted.values()) > 10
