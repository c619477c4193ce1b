"""The community asset directory: list, filters, asset page, add and edit."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from localities.models import CommunityAsset
from tests import factories


@pytest.fixture
def category(db):
    return factories.AssetCategoryFactory(name="Group")


@pytest.fixture
def riverside_asset(locality, category):
    return factories.CommunityAssetFactory(
        name="Riverside Cook and Eat", locality=locality, category=category
    )


@pytest.fixture
def area_wide_asset(category):
    return factories.CommunityAssetFactory(
        name="Borough Walking Group", locality=None, category=category
    )


def names(response) -> list[str]:
    return [asset.name for asset in response.context["page_obj"]]


def asset_list(client, **params):
    return client.get(reverse("localities:asset_list"), params)


def form_data(**overrides) -> dict:
    data = {
        "name": "Men's Shed",
        "category": "",
        "locality": "",
        "description": "Woodwork and a cuppa, Tuesdays.",
        "contact_details": "Sam, 01234 567890",
        "active": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# Access


@pytest.mark.parametrize(
    ("name", "needs_pk"),
    [("asset_list", False), ("asset_new", False), ("asset_detail", True), ("asset_edit", True)],
)
def test_anonymous_visitor_is_sent_to_login(client, riverside_asset, name, needs_pk):
    url = reverse(f"localities:{name}", args=[riverside_asset.pk] if needs_pk else [])

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not CommunityAsset.objects.exclude(pk=riverside_asset.pk).exists()


@pytest.mark.parametrize("name", ["asset_detail", "asset_edit"])
def test_outsider_gets_404_for_an_asset_in_a_locality_they_do_not_cover(
    client_for, outsider, riverside_asset, name
):
    response = client_for(outsider).get(reverse(f"localities:{name}", args=[riverside_asset.pk]))

    assert response.status_code == 404


def test_outsider_cannot_change_an_asset_in_another_locality_by_posting(
    client_for, outsider, riverside_asset, category
):
    url = reverse("localities:asset_edit", args=[riverside_asset.pk])

    response = client_for(outsider).post(url, form_data(name="Taken", category=category.pk))

    assert response.status_code == 404
    riverside_asset.refresh_from_db()
    assert riverside_asset.name == "Riverside Cook and Eat"


@pytest.mark.parametrize("persona", ["coordinator", "outsider"])
def test_area_wide_asset_is_visible_to_every_locality(
    request, client_for, area_wide_asset, persona
):
    client = client_for(request.getfixturevalue(persona))

    page = client.get(area_wide_asset.get_absolute_url())
    listing = asset_list(client)

    assert page.status_code == 200
    assert page.context["asset"] == area_wide_asset
    assert "Area-wide" in page.text
    assert names(listing) == ["Borough Walking Group"]


def test_user_without_a_role_is_refused_the_directory(client_for, locality):
    nobody = factories.UserFactory(localities=[locality])

    response = client_for(nobody).get(reverse("localities:asset_list"))

    assert response.status_code == 403


# The directory


def test_list_shows_own_locality_and_area_wide_assets_but_not_another_localitys(
    client_for, coordinator, other_locality, riverside_asset, area_wide_asset, category
):
    factories.CommunityAssetFactory(
        name="Hilltop Secret Garden", locality=other_locality, category=category
    )

    response = asset_list(client_for(coordinator))

    assert names(response) == ["Borough Walking Group", "Riverside Cook and Eat"]
    assert "Hilltop Secret Garden" not in response.text
    assert "Area-wide" in response.text


def test_list_offers_only_the_users_localities_to_filter_by(
    client_for, coordinator, other_locality
):
    response = asset_list(client_for(coordinator))

    choices = [label for _, label in response.context["filter"].form.fields["locality"].choices]
    assert choices == ["Any locality", "Area-wide", "Riverside"]
    assert "Hilltop" not in response.text


def test_list_filters_by_category(client_for, coordinator, locality, riverside_asset):
    venue = factories.AssetCategoryFactory(name="Venue")
    factories.CommunityAssetFactory(name="St Mary's Hall", locality=locality, category=venue)

    response = asset_list(client_for(coordinator), category=venue.pk)

    assert names(response) == ["St Mary's Hall"]


def test_list_filters_by_theme(client_for, coordinator, locality, category, riverside_asset):
    loneliness = factories.ThemeFactory(name="Loneliness")
    cafe = factories.CommunityAssetFactory(name="Memory Café", locality=locality, category=category)
    cafe.themes.add(loneliness, factories.ThemeFactory(name="Caring"))

    response = asset_list(client_for(coordinator), theme=loneliness.pk)

    assert names(response) == ["Memory Café"]


@pytest.mark.parametrize(
    ("show", "expected"),
    [
        (None, ["Riverside Cook and Eat"]),
        ("active", ["Riverside Cook and Eat"]),
        ("inactive", ["Old Youth Club"]),
        ("all", ["Old Youth Club", "Riverside Cook and Eat"]),
    ],
)
def test_list_shows_active_assets_unless_asked_otherwise(
    client_for, coordinator, locality, category, riverside_asset, show, expected
):
    factories.CommunityAssetFactory(
        name="Old Youth Club", locality=locality, category=category, active=False
    )
    params = {} if show is None else {"active": show}

    response = asset_list(client_for(coordinator), **params)

    assert names(response) == expected


def test_list_searches_names_and_descriptions(
    client_for, coordinator, locality, category, riverside_asset
):
    factories.CommunityAssetFactory(
        name="Tuesday Club", locality=locality, category=category, description="Knit and natter"
    )
    factories.CommunityAssetFactory(name="Knitting Circle", locality=locality, category=category)

    response = asset_list(client_for(coordinator), q="KNIT")

    assert names(response) == ["Knitting Circle", "Tuesday Club"]


def test_list_filters_to_area_wide_assets(
    client_for, coordinator, riverside_asset, area_wide_asset
):
    response = asset_list(client_for(coordinator), locality="area-wide")

    assert names(response) == ["Borough Walking Group"]


def test_locality_filter_with_another_localitys_id_shows_an_error_and_no_rows(
    client_for, coordinator, other_locality, category, riverside_asset
):
    factories.CommunityAssetFactory(
        name="Hilltop Secret Garden", locality=other_locality, category=category
    )

    response = asset_list(client_for(coordinator), locality=other_locality.pk)

    assert response.status_code == 200
    assert "locality" in response.context["filter"].errors
    assert names(response) == []
    assert "Hilltop" not in response.text


@pytest.mark.parametrize("page", ["2", "nonsense", "-1"])
def test_list_survives_odd_page_numbers(client_for, coordinator, riverside_asset, page):
    response = asset_list(client_for(coordinator), page=page)

    assert response.status_code == 200
    assert names(response) == ["Riverside Cook and Eat"]


@pytest.mark.parametrize("n", [1, 3])
def test_list_query_count_does_not_grow_with_assets(
    client_for, coordinator, locality, category, django_assert_num_queries, n
):
    """Guards the N+1 on each row's category, locality and themes."""
    themes = [factories.ThemeFactory(), factories.ThemeFactory()]
    for _ in range(n):
        factories.CommunityAssetFactory(locality=locality, category=category).themes.set(themes)
        factories.CommunityAssetFactory(locality=None, category=category).themes.set(themes)
    client = client_for(coordinator)

    with django_assert_num_queries(13):
        response = asset_list(client)

    assert len(names(response)) == 2 * n


# The asset page


def test_asset_page_shows_details_themes_and_lac_support(client_for, coordinator, riverside_asset):
    riverside_asset.developed_with_lac = True
    riverside_asset.developed_on = dt.date(2025, 3, 4)
    riverside_asset.contact_details = "Jo on 07700 900123"
    riverside_asset.save()
    riverside_asset.themes.add(factories.ThemeFactory(name="Food"))

    response = client_for(coordinator).get(riverside_asset.get_absolute_url())

    assert response.context["asset"] == riverside_asset
    assert "Food" in response.text
    assert "Jo on 07700 900123" in response.text
    assert "4 March 2025" in response.text


def test_asset_page_counts_and_lists_only_connected_people_the_user_may_see(
    client_for, coordinator, person, outsider_person, area_wide_asset
):
    connected = {"status": "connected", "connected_on": factories.TODAY}
    factories.ConnectionFactory(person=outsider_person, asset=area_wide_asset, **connected)
    factories.ConnectionFactory(person=person, asset=area_wide_asset, **connected)
    factories.ConnectionFactory(
        person=factories.PersonFactory(locality=person.locality), asset=area_wide_asset
    )  # suggested, not yet connected

    response = client_for(coordinator).get(area_wide_asset.get_absolute_url())

    assert response.context["connected_count"] == 1
    assert [c.person for c in response.context["connections"]] == [person]
    assert "People connected now: 1" in response.text
    assert "Rita Riverside" in response.text
    assert "Hilltopper" not in response.text


# Adding and editing


def test_coordinator_adds_an_asset(client_for, coordinator, locality, category):
    food = factories.ThemeFactory(name="Food")

    response = client_for(coordinator).post(
        reverse("localities:asset_new"),
        form_data(
            category=category.pk,
            locality=locality.pk,
            themes=[food.pk],
            developed_with_lac="on",
            developed_on="2025-03-04",
        ),
    )

    asset = CommunityAsset.objects.get()
    assert response.status_code == 302
    assert response.url == asset.get_absolute_url()
    assert (asset.name, asset.category, asset.locality, list(asset.themes.all())) == (
        "Men's Shed",
        category,
        locality,
        [food],
    )
    assert (asset.developed_with_lac, asset.developed_on, asset.active) == (
        True,
        dt.date(2025, 3, 4),
        True,
    )
    assert asset.contact_details == "Sam, 01234 567890"


def test_coordinator_may_add_an_area_wide_asset(client_for, coordinator, category):
    client_for(coordinator).post(reverse("localities:asset_new"), form_data(category=category.pk))

    assert CommunityAsset.objects.get().locality is None


def test_adding_an_asset_in_a_locality_the_user_does_not_cover_is_refused(
    client_for, coordinator, other_locality, category
):
    response = client_for(coordinator).post(
        reverse("localities:asset_new"),
        form_data(category=category.pk, locality=other_locality.pk),
    )

    assert response.status_code == 200
    assert "locality" in response.context["form"].errors
    assert not CommunityAsset.objects.exists()


def test_developed_on_without_lac_support_is_refused_and_keeps_what_was_typed(
    client_for, coordinator, category
):
    response = client_for(coordinator).post(
        reverse("localities:asset_new"),
        form_data(category=category.pk, developed_on="2025-03-04"),
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["developed_on"]
    assert "developed with LAC support: tick that box" in response.text
    assert 'value="2025-03-04"' in response.text
    assert "Woodwork and a cuppa, Tuesdays." in response.text
    assert not CommunityAsset.objects.exists()


def test_developed_on_in_the_future_is_refused(client_for, coordinator, category):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = client_for(coordinator).post(
        reverse("localities:asset_new"),
        form_data(category=category.pk, developed_with_lac="on", developed_on=tomorrow),
    )

    assert response.context["form"].errors["developed_on"] == ["This date is in the future."]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "x" * 300),
        ("contact_details", "y" * 300),
        ("description", "z" * 4001),
        ("developed_on", "31/02/2025"),
        ("category", "999999"),
        ("themes", "999999"),
    ],
)
def test_bad_input_is_an_error_beside_its_field_not_a_500(
    client_for, coordinator, category, field, value
):
    data = form_data(category=category.pk, developed_with_lac="on")
    data[field] = value

    response = client_for(coordinator).post(reverse("localities:asset_new"), data)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert not CommunityAsset.objects.exists()


def test_too_long_name_keeps_what_was_typed(client_for, coordinator, category):
    long_name = "Riverside " * 30

    response = client_for(coordinator).post(
        reverse("localities:asset_new"), form_data(category=category.pk, name=long_name)
    )

    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert long_name.strip() in response.text
    assert "Sam, 01234 567890" in response.text


def test_coordinator_edits_an_asset(client_for, coordinator, riverside_asset, category):
    client = client_for(coordinator)
    url = reverse("localities:asset_edit", args=[riverside_asset.pk])
    version = client.get(url).context["form"]["version"].value()

    response = client.post(
        url,
        form_data(name="Cook and Eat", category=category.pk, version=version, active=None),
        follow=True,
    )

    riverside_asset.refresh_from_db()
    assert (riverside_asset.name, riverside_asset.active, riverside_asset.locality) == (
        "Cook and Eat",
        False,
        None,
    )
    assert response.redirect_chain == [(riverside_asset.get_absolute_url(), 302)]
    assert "Saved “Cook and Eat”." in response.text


def test_edit_refuses_to_overwrite_a_change_saved_since_the_form_was_opened(
    client_for, coordinator, colleague, riverside_asset, category, locality
):
    url = reverse("localities:asset_edit", args=[riverside_asset.pk])
    version = client_for(coordinator).get(url).context["form"]["version"].value()
    fields = {"category": category.pk, "locality": locality.pk, "version": version}
    client_for(colleague).post(url, form_data(name="Colin's change", **fields))

    response = client_for(coordinator).post(url, form_data(name="Cora's change", **fields))

    assert response.status_code == 200
    assert "Someone else saved this record while you were editing it." in response.text
    assert "Cora&#x27;s change" in response.text
    riverside_asset.refresh_from_db()
    assert riverside_asset.name == "Colin's change"
