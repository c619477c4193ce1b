"""The Django admin is scoped like the app: an administrator sees the localities they cover.

Two areas are built with `make_records` (one of every record the admin shows): Fairfield,
which the limited administrator covers, and FairfieldZed, which they do not. Every
record of the second carries "Zed" in its names, so a page can be checked for a leak.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db.models import Model
from django.urls import reverse

from coordinators.models import Role, User
from lac.admin_mixins import ScopedAdminMixin, is_scoped
from localities.models import AssetCategory, CommunityAsset, Locality
from outcomes.models import Outcome, OutcomeType
from people.models import Connection, Introduction, Person, SupportLevel
from reporting.models import PublishedReport
from tests import factories
from tests.test_admin import admin_url, make_records

# What only the other area's records are called: none of it may reach a limited page.
HIDDEN = ["OakleyZed", "PatelZed", "FairfieldZed", "Lunch ClubZed", "lunch tableZed"]


def _points_at_scoped(model: type[Model]) -> bool:
    relations = (*model._meta.fields, *model._meta.many_to_many)
    return any(f.is_relation and f.related_model and is_scoped(f.related_model) for f in relations)


# Every registered model whose rows belong to a locality: scoped itself (`visible_to`), or
# a record about one (a support level change about an introduction, a user's localities).
# Published reports are read only and no role is given them (a superuser sees all):
# their scoping is tested in tests/reporting/test_published.py.
SCOPED = sorted(
    (
        m
        for m in admin.site._registry
        if (is_scoped(m) or _points_at_scoped(m)) and m is not PublishedReport
    ),
    key=lambda m: m._meta.label,
)
SCOPED_IDS = [m._meta.label for m in SCOPED]


@pytest.fixture
def areas(db):
    return make_records(), make_records("Zed")


@pytest.fixture
def mine(areas):
    return areas[0]


@pytest.fixture
def theirs(areas):
    return areas[1]


@pytest.fixture
def limited(mine):
    """An administrator covering Fairfield only."""
    return factories.AdministratorFactory(
        username="lena", first_name="Lena", covers_all_localities=False, localities=[mine[Locality]]
    )


def _leaks(text: str) -> list[str]:
    return [marker for marker in HIDDEN if marker in text]


def test_every_admin_of_a_scoped_model_uses_the_scoping_mixin():
    unscoped = [
        m._meta.label for m in SCOPED if not isinstance(admin.site._registry[m], ScopedAdminMixin)
    ]

    assert unscoped == []


def test_the_scoped_models_are_the_ones_about_a_locality():
    """A new model about a locality joins SCOPED; add a record of it to make_records too."""
    assert SCOPED_IDS == [
        "coordinators.User",
        "localities.CommunityAsset",
        "localities.Locality",
        "outcomes.Outcome",
        "outcomes.OutcomeStory",
        "outcomes.WellbeingCheck",
        "people.Connection",
        "people.Contact",
        "people.Introduction",
        "people.Person",
        "people.SupportLevelChange",
    ]


@pytest.mark.parametrize("model", SCOPED, ids=SCOPED_IDS)
def test_changelist_lists_only_the_localities_covered(client_for, limited, mine, theirs, model):
    response = client_for(limited).get(admin_url(model, "changelist"))

    expected = {mine[model], limited} if model is User else {mine[model]}
    assert set(response.context["cl"].result_list) == expected
    assert _leaks(response.text) == []


@pytest.mark.parametrize("model", SCOPED, ids=SCOPED_IDS)
def test_search_finds_nothing_in_another_locality(client_for, admin_client, limited, theirs, model):
    everyone = admin_client.get(admin_url(model, "changelist"), {"q": "Zed"})
    response = client_for(limited).get(admin_url(model, "changelist"), {"q": "Zed"})

    assert theirs[model] in everyone.context["cl"].result_list  # the search does match it
    assert list(response.context["cl"].result_list) == []
    assert _leaks(response.text) == []


@pytest.mark.parametrize("view", ["change", "delete", "history"])
@pytest.mark.parametrize("model", SCOPED, ids=SCOPED_IDS)
def test_another_localitys_record_is_a_404(client_for, limited, mine, theirs, model, view):
    client = client_for(limited)

    hidden = client.get(admin_url(model, view, theirs[model].pk))
    shown = client.get(admin_url(model, view, mine[model].pk))

    assert hidden.status_code == 404
    assert _leaks(hidden.text) == []
    assert shown.status_code == 200
    assert shown.context["original" if view == "change" else "object"] == mine[model]


# A locality points at nothing scoped; every other scoped model does.
WITH_CHOICES = [m for m in SCOPED if m is not Locality]


@pytest.mark.parametrize("model", WITH_CHOICES, ids=[m._meta.label for m in WITH_CHOICES])
def test_form_choices_offer_no_record_of_another_locality(client_for, limited, theirs, model):
    response = client_for(limited).get(admin_url(model, "add"))

    form = response.context["adminform"].form
    offered = {
        name: [r for r in field.queryset if r in theirs.values()]
        for name, field in form.fields.items()
        if isinstance(field, forms.ModelChoiceField) and is_scoped(field.queryset.model)
    }
    assert offered
    assert all(records == [] for records in offered.values()), offered


@pytest.mark.parametrize(
    ("source", "field", "term", "expected"),
    [
        (Introduction, "person", "Oakley", Person),
        (Outcome, "introduction", "Oakley", Introduction),
        (Connection, "asset", "Lunch", CommunityAsset),
        (Person, "lead_coordinator", "Patel", User),
    ],
)
def test_autocomplete_lists_only_the_localities_covered(
    client_for, limited, mine, source, field, term, expected
):
    params = {
        "app_label": source._meta.app_label,
        "model_name": source._meta.model_name,
        "field_name": field,
        "term": term,
    }

    response = client_for(limited).get(reverse("admin:autocomplete"), params)

    assert response.json()["results"] == [
        {"id": str(mine[expected].pk), "text": str(mine[expected])}
    ]


def test_a_person_cannot_be_put_in_another_locality(client_for, limited, theirs):
    data = {
        "first_name": "Derek",
        "last_name": "Hollis",
        "locality": theirs[Locality].pk,
        "introductions-TOTAL_FORMS": "0",
        "introductions-INITIAL_FORMS": "0",
    }

    response = client_for(limited).post(admin_url(Person, "add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["locality"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert response.context["adminform"].form["first_name"].value() == "Derek"
    assert not Person.objects.filter(last_name="Hollis").exists()


def test_an_introduction_cannot_be_added_for_someone_in_another_locality(
    client_for, limited, mine, theirs
):
    data = {
        "person": theirs[Person].pk,
        "referral_source": mine[Introduction].referral_source_id,
        "introduced_on": "10/04/2025",
        "support_level": SupportLevel.INFORMATION,
    }

    response = client_for(limited).post(admin_url(Introduction, "add"), data)

    assert response.status_code == 200
    assert "person" in response.context["adminform"].form.errors
    assert _leaks(response.text) == []
    assert list(Introduction.objects.filter(person=theirs[Person])) == [theirs[Introduction]]


def test_an_outcome_keeps_the_locality_where_it_counts_after_the_person_moves(
    client_for, limited, mine, theirs
):
    outcome = mine[Outcome]
    Outcome.objects.filter(pk=outcome.pk).update(locality=theirs[Locality])
    data = {
        "outcome_type": outcome.outcome_type_id,
        "locality": theirs[Locality].pk,
        "person": outcome.person_id,
        "introduction": outcome.introduction_id,
        "achieved_on": "02/04/2025",
        "quantity": "2",
    }

    response = client_for(limited).post(admin_url(Outcome, "change", outcome.pk), data)

    assert response.status_code == 302
    outcome.refresh_from_db()
    assert (outcome.quantity, outcome.locality) == (2, theirs[Locality])


def test_deleting_an_area_wide_asset_never_names_someone_in_another_locality(
    client_for, limited, theirs
):
    asset = CommunityAsset.objects.create(
        name="Borough Walking Group", category=theirs[AssetCategory], locality=None
    )
    Connection.objects.create(person=theirs[Person], asset=asset, suggested_on=dt.date(2025, 3, 1))
    client = client_for(limited)

    page = client.get(admin_url(CommunityAsset, "delete", asset.pk))
    refused = client.post(admin_url(CommunityAsset, "delete", asset.pk), {"post": "yes"})

    assert page.status_code == 200
    assert page.context["perms_lacking"] == {"connection"}
    assert _leaks(page.text) == []
    assert refused.context["perms_lacking"] == {"connection"}
    assert CommunityAsset.objects.filter(pk=asset.pk).exists()


# Users


def test_limited_administrator_sees_the_users_of_their_localities_only(
    client_for, limited, mine, theirs
):
    fairfield, zed = mine[Locality], theirs[Locality]
    factories.UserFactory(username="newbie")  # no locality yet: for an all-localities admin
    factories.ManagerFactory(username="boss", covers_all_localities=True)
    factories.UserFactory(username="both", localities=[fairfield, zed])
    root = User.objects.create_superuser(username="root", password="x")
    root.localities.add(fairfield)

    response = client_for(limited).get(admin_url(User, "changelist"))

    assert set(response.context["cl"].result_list) == {limited, mine[User]}


@pytest.mark.parametrize("target", ["self", "colleague"])
def test_limited_administrator_cannot_widen_anyones_coverage(
    client_for, limited, mine, theirs, target
):
    user = limited if target == "self" else mine[User]
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_active": "on",
        "is_staff": "on",
        "groups": [Group.objects.get(name=Role.ADMINISTRATOR).pk],
        "localities": [mine[Locality].pk, theirs[Locality].pk],
        "covers_all_localities": "on",
        "date_joined_0": "01/01/2026",
        "date_joined_1": "09:00:00",
    }
    client = client_for(limited)

    form_page = client.get(admin_url(User, "change", user.pk))
    response = client.post(admin_url(User, "change", user.pk), data)

    assert 'name="covers_all_localities"' not in form_page.text
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["localities"] == [
        f"Select a valid choice. {theirs[Locality].pk} is not one of the available choices."
    ]
    user.refresh_from_db()
    assert (user.covers_all_localities, list(user.localities.all())) == (False, [mine[Locality]])


def test_limited_administrator_saving_a_user_cannot_tick_covers_all(client_for, limited, mine):
    user = mine[User]
    data = {
        "username": user.username,
        "first_name": "Asha",
        "last_name": "Patel-Rao",
        "is_active": "on",
        "localities": [mine[Locality].pk],
        "covers_all_localities": "on",
        "date_joined_0": "01/01/2026",
        "date_joined_1": "09:00:00",
    }

    response = client_for(limited).post(admin_url(User, "change", user.pk), data)

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.last_name, user.covers_all_localities) == ("Patel-Rao", False)


def test_administrator_covering_all_may_grant_all_localities(client_for, mine):
    boss = factories.AdministratorFactory(username="bea")
    user = mine[User]
    data = {
        "username": user.username,
        "is_active": "on",
        "covers_all_localities": "on",
        "date_joined_0": "01/01/2026",
        "date_joined_1": "09:00:00",
    }

    response = client_for(boss).post(admin_url(User, "change", user.pk), data)

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.covers_all_localities is True


def test_limited_administrator_adds_a_user_in_their_own_localities(client_for, limited, mine):
    data = {
        "username": "bea",
        "usable_password": "true",
        "password1": "a long enough passphrase",
        "password2": "a long enough passphrase",
        "first_name": "Bea",
        "groups": [Group.objects.get(name=Role.COORDINATOR).pk],
    }
    client = client_for(limited)

    without = client.post(admin_url(User, "add"), data)
    added = client.post(admin_url(User, "add"), {**data, "localities": [mine[Locality].pk]})

    assert without.context["adminform"].form.errors["localities"] == ["This field is required."]
    assert added.status_code == 302
    assert list(User.objects.get(username="bea").localities.all()) == [mine[Locality]]


def test_limited_administrator_cannot_open_another_localitys_password_page(
    client_for, limited, theirs
):
    url = reverse("admin:auth_user_password_change", args=[theirs[User].pk])

    response = client_for(limited).get(url)

    assert response.status_code == 404


def test_limited_administrator_cannot_add_a_locality_nobody_covers(client_for, limited):
    response = client_for(limited).get(admin_url(Locality, "add"))

    assert response.status_code == 403


def test_configuration_stays_shared(client_for, limited, mine, theirs):
    """Outcome types, themes and sources are not about a locality: all of them are listed."""
    response = client_for(limited).get(admin_url(OutcomeType, "changelist"))

    assert set(response.context["cl"].result_list) == {mine[OutcomeType], theirs[OutcomeType]}
