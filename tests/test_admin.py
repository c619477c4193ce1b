"""The Django admin: every registered model's pages render, and bad input is a message."""

import datetime as dt
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from coordinators.models import Role, User
from localities.models import AssetCategory, CommunityAsset, Locality, ReferralSource, Theme
from outcomes.models import Consent, Level, Outcome, OutcomeStory, OutcomeType, WellbeingCheck
from people.models import (
    ClosingReason,
    Connection,
    Contact,
    Introduction,
    Person,
    SupportLevel,
    SupportLevelChange,
)
from reporting.models import GdpDeflator, PublishedReport, ValueSettings


def make_records(suffix: str = "") -> dict[type[Model], Model]:
    """One of everything the admin shows, named so a page can be checked for it."""
    locality = Locality.objects.create(
        name=f"Fairfield{suffix}", district="Northvale", population=9000, annual_cost=52000
    )
    source = ReferralSource.objects.create(
        name=f"Fairfield surgery{suffix}", category=ReferralSource.Category.GP_PRIMARY_CARE
    )
    theme = Theme.objects.create(name=f"Loneliness{suffix}")
    category = AssetCategory.objects.create(name=f"Social group{suffix}")
    asset = CommunityAsset.objects.create(
        name=f"Tuesday Lunch Club{suffix}", category=category, locality=locality
    )
    asset.themes.add(theme)
    reason = ClosingReason.objects.create(name=f"Goals met{suffix}")
    coordinator = User.objects.create_user(
        username=f"asha{suffix}", first_name="Asha", last_name=f"Patel{suffix}"
    )
    coordinator.localities.add(locality)
    coordinator.groups.add(Group.objects.get(name=Role.COORDINATOR))
    person = Person.objects.create(
        first_name="Maureen",
        last_name=f"Oakley{suffix}",
        postcode="FF1 2AB",
        date_of_birth=dt.date(1948, 5, 17),
        locality=locality,
        lead_coordinator=coordinator,
    )
    introduction = Introduction.objects.create(
        person=person, referral_source=source, introduced_on=dt.date(2025, 3, 3)
    )
    introduction.themes.add(theme)
    outcome_type = OutcomeType.objects.create(
        name=f"Eviction prevented{suffix}",
        level=Level.SYSTEM,
        unit_value=Decimal("7500.00"),
        value_source="Illustrative demo value",
        price_year=2024,
    )
    return {
        Locality: locality,
        ReferralSource: source,
        Theme: theme,
        AssetCategory: category,
        CommunityAsset: asset,
        ClosingReason: reason,
        User: coordinator,
        Group: Group.objects.get(name=Role.COORDINATOR),
        Person: person,
        Introduction: introduction,
        Contact: Contact.objects.create(
            introduction=introduction,
            contact_on=dt.date(2025, 3, 10),
            minutes=45,
            recorded_by=coordinator,
        ),
        Connection: Connection.objects.create(
            person=person, asset=asset, introduction=introduction, suggested_on=dt.date(2025, 3, 10)
        ),
        SupportLevelChange: SupportLevelChange.objects.create(
            introduction=introduction,
            support_level=SupportLevel.WALKING_ALONGSIDE,
            changed_on=dt.date(2025, 3, 12),
            changed_by=coordinator,
        ),
        OutcomeType: outcome_type,
        Outcome: Outcome.objects.create(
            outcome_type=outcome_type,
            locality=locality,
            person=person,
            introduction=introduction,
            achieved_on=dt.date(2025, 4, 1),
        ),
        OutcomeStory: OutcomeStory.objects.create(
            locality=locality,
            person=person,
            title=f"A seat at the lunch table{suffix}",
            text="She goes every Tuesday now.",
            level=Level.INDIVIDUAL,
            consent=Consent.ANONYMISED,
            told_on=dt.date(2025, 4, 2),
        ),
        # One row of settings and one year of the series, whatever the suffix.
        ValueSettings: ValueSettings.objects.get_or_create(pk=1)[0],
        GdpDeflator: GdpDeflator.objects.update_or_create(
            year=2019, defaults={"index": Decimal("88.000"), "source": "A test release"}
        )[0],
        WellbeingCheck: WellbeingCheck.objects.create(
            person=person,
            introduction=introduction,
            checked_on=dt.date(2025, 3, 10),
            life_satisfaction=4,
            worthwhile=5,
            happiness=3,
            anxiety=7,
        ),
    }


# model, a form field its add page must have, text its changelist must show.
PAGES = [
    (Locality, "annual_cost", "Fairfield"),
    (ReferralSource, "category", "Fairfield surgery"),
    (Theme, "name", "Loneliness"),
    (AssetCategory, "name", "Social group"),
    (CommunityAsset, "developed_with_lac", "Tuesday Lunch Club"),
    (ClosingReason, "name", "Goals met"),
    (User, "covers_all_localities", "Asha Patel"),
    (Group, "permissions", "Coordinator"),
    (Person, "postcode", "Maureen Oakley"),
    (Introduction, "closing_reason", "Fairfield surgery"),
    (Contact, "area_heard", "Maureen Oakley"),
    (Connection, "asset", "Tuesday Lunch Club"),
    (SupportLevelChange, "support_level", "Walking alongside"),
    (OutcomeType, "drop_off_pct", "Eviction prevented"),
    (ValueSettings, "discount_rate_pct", "Value method settings"),
    (GdpDeflator, "index", "2019-20"),
    (Outcome, "outcome_type", "Eviction prevented"),
    (OutcomeStory, "consent", "A seat at the lunch table"),
    (WellbeingCheck, "life_satisfaction", "Maureen Oakley"),
]
PAGE_IDS = [model._meta.label for model, _, _ in PAGES]


def admin_url(model: type[Model], view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


# Read-only security logs (audit trail, login attempts), tested in tests/security.
SECURITY_LOGS = {LogEntry, AccessAttempt, AccessLog, AccessFailureLog}


# Read-only records no role is given, tested where they are made.
READ_ONLY = {PublishedReport}  # tests/reporting/test_published.py


def test_every_registered_model_has_its_pages_tested():
    tested = {model for model, _, _ in PAGES} | SECURITY_LOGS | READ_ONLY
    assert tested == set(admin.site._registry)


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "field", "text"), PAGES, ids=PAGE_IDS)
def test_changelist_shows_the_record(admin_client, model, field, text):
    make_records()

    response = admin_client.get(admin_url(model, "changelist"))

    assert response.status_code == 200
    assert escape(text) in response.text


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "field", "text"), PAGES, ids=PAGE_IDS)
def test_add_page_has_the_form(admin_client, model, field, text):
    response = admin_client.get(admin_url(model, "add"))

    assert response.status_code == 200
    assert f'name="{field}"' in response.text


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "field", "text"), PAGES, ids=PAGE_IDS)
def test_change_page_shows_the_record(admin_client, model, field, text):
    record = make_records()[model]

    response = admin_client.get(admin_url(model, "change", record.pk))

    assert response.status_code == 200
    assert escape(str(record)) in response.text
    assert f'name="{field}"' in response.text


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "field", "text"), PAGES, ids=PAGE_IDS)
def test_changelist_queries_do_not_grow_with_rows(admin_client, model, field, text):
    """Guards the N+1 of FK columns (list_select_related) and the user roles/localities."""
    make_records()
    url = admin_url(model, "changelist")
    admin_client.get(url)  # Warm per-process caches (content types, sites) first.
    with CaptureQueriesContext(connection) as one_row:
        admin_client.get(url)
    make_records(" 2")
    make_records(" 3")

    with CaptureQueriesContext(connection) as three_rows:
        response = admin_client.get(url)

    assert response.status_code == 200
    assert len(three_rows) == len(one_row)


@pytest.mark.django_db
def test_person_search_finds_by_surname_and_postcode_only_the_match(admin_client):
    records = make_records()
    Person.objects.create(
        first_name="Derek", last_name="Hollis", postcode="ZZ9 9ZZ", locality=records[Locality]
    )
    url = admin_url(Person, "changelist")

    by_surname = admin_client.get(url, {"q": "Oakley"})
    by_postcode = admin_client.get(url, {"q": "ZZ9"})

    assert list(by_surname.context["cl"].result_list) == [records[Person]]
    assert "Derek Hollis" not in by_surname.text
    assert [p.full_name for p in by_postcode.context["cl"].result_list] == ["Derek Hollis"]


@pytest.mark.django_db
def test_introduction_closing_before_it_was_made_is_an_error_not_a_500(admin_client):
    records = make_records()
    person = Person.objects.create(
        first_name="Derek", last_name="Hollis", locality=records[Locality]
    )
    data = {
        "person": person.pk,
        "referral_source": records[ReferralSource].pk,
        "introducer": "Dr Shah, GP",
        "introduced_on": "10/03/2025",
        "support_level": SupportLevel.INFORMATION,
        "closed_on": "01/03/2025",
        "closing_reason": records[ClosingReason].pk,
    }

    response = admin_client.post(admin_url(Introduction, "add"), data)

    assert response.status_code == 200
    assert "An introduction cannot close before it was made." in response.text
    assert "Dr Shah, GP" in response.text  # What was typed is kept.
    assert not Introduction.objects.filter(person=person).exists()


@pytest.mark.django_db
def test_second_open_introduction_for_a_person_is_an_error(admin_client):
    records = make_records()
    data = {
        "person": records[Person].pk,
        "referral_source": records[ReferralSource].pk,
        "introduced_on": "10/04/2025",
        "support_level": SupportLevel.INFORMATION,
    }

    response = admin_client.post(admin_url(Introduction, "add"), data)

    assert response.status_code == 200
    assert "This person already has an open introduction." in response.text
    assert Introduction.objects.filter(person=records[Person]).count() == 1


@pytest.mark.django_db
def test_locality_with_negative_annual_cost_is_an_error(admin_client):
    data = {"name": "Brookside", "district": "Northvale", "annual_cost": "-1.00"}

    response = admin_client.post(admin_url(Locality, "add"), data)

    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 0" in response.text
    assert not Locality.objects.filter(name="Brookside").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("lac_started_on", "9999-12-31", "This date is in the future."),
        ("lac_started_on", "0001-01-01", "Check the year: records start in 2000."),
        ("population", "9223372036854775807", "less than or equal to 20000000"),
    ],
)
def test_locality_with_an_impossible_start_or_population_is_an_error(
    admin_client, field, value, message
):
    data = {"name": "Brookside", "district": "Northvale", field: value}

    response = admin_client.post(admin_url(Locality, "add"), data)

    assert response.status_code == 200
    assert message in response.text
    assert not Locality.objects.filter(name="Brookside").exists()


@pytest.mark.django_db
def test_asset_developed_on_without_lac_support_is_an_error_not_a_500(admin_client):
    records = make_records()
    data = {
        "name": "Junk Food Café",
        "category": records[AssetCategory].pk,
        "active": "on",
        "developed_on": "01/02/2025",
    }

    response = admin_client.post(admin_url(CommunityAsset, "add"), data)

    assert response.status_code == 200
    assert 'class="errorlist nonfield"' in response.text
    assert not CommunityAsset.objects.filter(name="Junk Food Café").exists()


@pytest.mark.django_db
def test_featuring_a_story_without_consent_from_the_list_is_an_error_not_a_500(admin_client):
    story = make_records()[OutcomeStory]
    story.consent = Consent.NONE
    story.save()
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": story.pk,
        "form-0-featured": "on",
        "_save": "Save",
    }

    response = admin_client.post(admin_url(OutcomeStory, "changelist"), data)

    assert response.status_code == 200
    assert "A story without consent to share cannot be featured." in response.text
    story.refresh_from_db()
    assert story.featured is False


@pytest.mark.django_db
def test_featuring_a_shared_story_from_the_list_saves(admin_client):
    story = make_records()[OutcomeStory]
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": story.pk,
        "form-0-featured": "on",
        "_save": "Save",
    }

    response = admin_client.post(admin_url(OutcomeStory, "changelist"), data)

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.featured is True


@pytest.mark.django_db
def test_user_add_form_sets_roles_and_localities(admin_client):
    locality = make_records()[Locality]
    data = {
        "username": "bea",
        "usable_password": "true",
        "password1": "a long enough passphrase",
        "password2": "a long enough passphrase",
        "first_name": "Bea",
        "last_name": "Lowe",
        "groups": [Group.objects.get(name=Role.COORDINATOR).pk],
        "localities": [locality.pk],
    }

    response = admin_client.post(admin_url(User, "add"), data)

    assert response.status_code == 302
    bea = User.objects.get(username="bea")
    assert list(bea.localities.all()) == [locality]
    assert bea.is_coordinator
    assert not bea.covers_all_localities


@pytest.mark.django_db
def test_user_changelist_summarises_roles_and_localities(admin_client):
    records = make_records()
    User.objects.create_user(username="sam", first_name="Sam", covers_all_localities=True)

    response = admin_client.get(admin_url(User, "changelist"))

    assert f'<td class="field-roles">{Role.COORDINATOR}</td>' in response.text
    assert f'<td class="field-localities_summary">{records[Locality]}</td>' in response.text
    assert '<td class="field-localities_summary">All localities</td>' in response.text


@pytest.mark.django_db
def test_administrator_cannot_make_a_superuser(client):
    target = make_records()[User]
    # Covering every locality, so the target's page opens (tests/security/test_admin_scoping).
    administrator = User.objects.create_user(
        username="ada", is_staff=True, covers_all_localities=True
    )
    administrator.groups.add(Group.objects.get(name=Role.ADMINISTRATOR))
    client.force_login(administrator)

    response = client.get(admin_url(User, "change", target.pk))

    assert response.status_code == 200
    assert 'name="groups"' in response.text
    assert 'name="is_superuser"' not in response.text
    assert 'name="user_permissions"' not in response.text


@pytest.mark.django_db
def test_admin_edit_of_a_person_bumps_its_version(admin_client):
    person = make_records()[Person]
    data = {
        "first_name": "Maureen",
        "last_name": "Oakley-Hart",
        "locality": person.locality_id,
        "introductions-TOTAL_FORMS": "0",
        "introductions-INITIAL_FORMS": "0",
    }

    response = admin_client.post(admin_url(Person, "change", person.pk), data)

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.last_name, person.version) == ("Oakley-Hart", 2)


@pytest.mark.django_db
def test_introduction_autocomplete_queries_do_not_grow_with_results(admin_client):
    """Guards the N+1 of str(introduction) reading its person in the autocomplete list."""
    make_records()
    url = reverse("admin:autocomplete")
    params = {"app_label": "people", "model_name": "contact", "field_name": "introduction"}
    admin_client.get(url, params)
    with CaptureQueriesContext(connection) as one_result:
        admin_client.get(url, {**params, "term": "Maureen"})
    make_records(" 2")
    make_records(" 3")

    with CaptureQueriesContext(connection) as three_results:
        response = admin_client.get(url, {**params, "term": "Maureen"})

    assert len(response.json()["results"]) == 3
    assert len(three_results) == len(one_result)
