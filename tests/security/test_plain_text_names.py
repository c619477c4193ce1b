"""Names typed for the directory and the configuration follow the rules for people's names.

A right-to-left override makes "Riverside Food Bank\u202egnp.exe" display in another order
than it is stored; control and invisible characters hide in copied text. Zero-width
joiners stay: some scripts need them.
"""

from __future__ import annotations

import pytest
from django.db.models import Model
from django.urls import reverse

from localities.models import AssetCategory, CommunityAsset, Locality, ReferralSource, Theme
from outcomes.models import Level, OutcomeType
from people.models import ClosingReason
from tests import factories
from tests.test_admin import admin_url

MESSAGE = (
    "Remove the hidden control, text-direction or invisible characters "
    "(often pasted in with the text)."
)
HOSTILE = [
    pytest.param("Lunch Club\u202egnp.exe", id="rtl-override"),
    pytest.param("Lunch\x07 Club", id="bel"),
    pytest.param("Lunch\u200bClub", id="zero-width-space"),
    pytest.param("Lunch Club\u2066", id="isolate"),
]


@pytest.fixture
def category(db):
    return factories.AssetCategoryFactory(name="Group")


def _asset_data(category, name: str) -> dict:
    return {"name": name, "category": category.pk, "locality": "", "active": "on"}


@pytest.mark.parametrize("name", HOSTILE)
def test_an_area_wide_asset_refuses_hidden_characters_in_its_name(
    client_for, coordinator, category, name
):
    response = client_for(coordinator).post(
        reverse("localities:asset_new"), _asset_data(category, name)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [MESSAGE]
    assert response.context["form"]["name"].value() == name  # what was typed is kept
    assert not CommunityAsset.objects.exists()


def test_an_asset_name_with_a_zero_width_joiner_is_kept(client_for, coordinator, category):
    name = "\u0915\u094d\u200d\u0937 Lunch Club"  # a joiner inside a Devanagari conjunct

    response = client_for(coordinator).post(
        reverse("localities:asset_new"), _asset_data(category, name)
    )

    assert response.status_code == 302
    assert CommunityAsset.objects.get().name == name


def test_editing_an_asset_refuses_hidden_characters_in_its_name(client_for, coordinator, category):
    asset = factories.CommunityAssetFactory(name="Lunch Club", category=category, locality=None)
    url = reverse("localities:asset_edit", args=[asset.pk])
    form = client_for(coordinator).get(url).context["form"]
    # The form's hidden fields carry the version read, for its optimistic locking.
    hidden = {field.html_name: field.value() for field in form.hidden_fields()}
    data = {**_asset_data(category, "Lunch Club\u202e"), **hidden}

    response = client_for(coordinator).post(url, data)

    assert response.context["form"].errors["name"] == [MESSAGE]
    asset.refresh_from_db()
    assert asset.name == "Lunch Club"


def _admin_data(model: type[Model], name: str) -> dict:
    category = AssetCategory.objects.get_or_create(name="Group")[0]
    return {
        Locality: {"name": name, "district": "Northvale"},
        ReferralSource: {"name": name, "category": ReferralSource.Category.GP_PRIMARY_CARE},
        Theme: {"name": name, "active": "on"},
        AssetCategory: {"name": name},
        CommunityAsset: {"name": name, "category": category.pk, "active": "on"},
        OutcomeType: {
            "name": name,
            "level": Level.COMMUNITY,
            "duration_years": 1,
            "drop_off_pct": 0,
            "active": "on",
        },
        ClosingReason: {"name": name, "active": "on"},
    }[model]


NAMED = [Locality, ReferralSource, Theme, AssetCategory, CommunityAsset, OutcomeType, ClosingReason]


@pytest.mark.django_db
@pytest.mark.parametrize("name", HOSTILE)
@pytest.mark.parametrize("model", NAMED, ids=[m._meta.label for m in NAMED])
def test_the_admin_refuses_hidden_characters_in_a_name(admin_client, model, name):
    response = admin_client.post(admin_url(model, "add"), _admin_data(model, name))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == [MESSAGE]
    assert not model.objects.filter(name=name).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("model", NAMED, ids=[m._meta.label for m in NAMED])
def test_the_admin_saves_a_plain_name(admin_client, model):
    response = admin_client.post(admin_url(model, "add"), _admin_data(model, "Lunch Club"))

    assert response.status_code == 302
    assert model.objects.filter(name="Lunch Club").exists()


def test_a_limited_administrator_is_refused_too(client_for, locality, category):
    """The asset admin a locality's administrator uses follows the same rule."""
    limited = factories.AdministratorFactory(covers_all_localities=False, localities=[locality])
    data = {"name": "Lunch Club\u202e", "category": category.pk, "locality": locality.pk}

    response = client_for(limited).post(admin_url(CommunityAsset, "add"), data)

    assert response.context["adminform"].form.errors["name"] == [MESSAGE]
    assert not CommunityAsset.objects.exists()
