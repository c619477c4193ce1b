"""Taking an introduction, spotting duplicates, re-introducing, support levels, closing."""

import datetime as dt

import pytest
from django.urls import reverse

from people.models import Introduction, Person, SupportLevel, SupportLevelChange
from tests import factories
from tests.factories import days_ago

TODAY = factories.TODAY


pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def source(db):
    return factories.ReferralSourceFactory(name="Dr Shah's surgery")


@pytest.fixture
def loneliness(db):
    return factories.ThemeFactory(name="Loneliness")


@pytest.fixture
def housing(db):
    return factories.ThemeFactory(name="Housing")


@pytest.fixture
def reason(db):
    return factories.ClosingReasonFactory(name="Goals met")


def new_introduction_data(locality, source, **overrides) -> dict:
    data = {
        "person-first_name": "Dora",
        "person-last_name": "Dale",
        "person-date_of_birth": "1948-03-02",
        "person-phone": "07700 900123",
        "person-email": "",
        "person-postcode": "ab1 9zz",
        "person-locality": locality.pk,
        "person-consent_recorded_on": TODAY.isoformat(),
        "intro-referral_source": source.pk,
        "intro-introducer": "Dr Shah",
        "intro-introduced_on": days_ago(1).isoformat(),
        "intro-what_is_happening": "Lonely since her husband died.",
        "intro-support_level": SupportLevel.INFORMATION,
        "intro-next_step": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def error_beside(response, auto_id: str) -> bool:
    """crispy renders a field's errors right under it, with an id naming the field."""
    return f'id="error_1_{auto_id}"' in response.content.decode()


# A new introduction


def test_new_introduction_page_offers_the_users_locality_and_today(
    client_for, coordinator, locality, other_locality
):
    response = client_for(coordinator).get(reverse("people:introduction_new"))

    person_form = response.context["person_form"]
    assert list(person_form.fields["locality"].queryset) == [locality]
    assert person_form.fields["locality"].initial == locality
    assert response.context["intro_form"].fields["introduced_on"].initial == TODAY
    assert "Hilltop" not in response.content.decode()


def test_new_introduction_creates_the_person_and_an_open_introduction_with_its_themes(
    client_for, coordinator, locality, source, loneliness, housing
):
    data = new_introduction_data(locality, source, **{"intro-themes": [loneliness.pk]})

    response = client_for(coordinator).post(reverse("people:introduction_new"), data)

    person = Person.objects.get()
    assert response.status_code == 302
    assert response.url == person.get_absolute_url()
    assert (person.full_name, person.date_of_birth, person.postcode) == (
        "Dora Dale",
        dt.date(1948, 3, 2),
        "AB1 9ZZ",
    )
    assert person.locality == locality
    assert person.lead_coordinator == coordinator
    assert person.created_by == coordinator
    intro = Introduction.objects.get()
    assert intro.person == person
    assert intro.is_open
    assert intro.referral_source == source
    assert intro.introduced_on == days_ago(1)
    assert intro.created_by == coordinator
    assert list(intro.themes.all()) == [loneliness]
    assert list(
        SupportLevelChange.objects.values_list("introduction", "support_level", "changed_on")
    ) == [(intro.pk, SupportLevel.INFORMATION, days_ago(1))]


def test_new_introduction_lands_on_the_person_page_with_a_message(
    client_for, coordinator, locality, source
):
    response = client_for(coordinator).post(
        reverse("people:introduction_new"), new_introduction_data(locality, source), follow=True
    )

    content = response.content.decode()
    assert response.context["person"] == Person.objects.get()
    assert "Introduction of Dora Dale recorded." in content
    assert "Lonely since her husband died." in content


def test_new_introduction_appears_on_the_users_caseload(client_for, coordinator, locality, source):
    client = client_for(coordinator)
    client.post(reverse("people:introduction_new"), new_introduction_data(locality, source))

    response = client.get(reverse("people:caseload"))

    assert [intro.person.full_name for intro in response.context["page"]] == ["Dora Dale"]


# Possible duplicates


@pytest.mark.parametrize(
    "overrides",
    [
        # Same name and date of birth, whatever the case and postcode.
        {"person-first_name": "RITA", "person-last_name": "riverside", "person-postcode": ""},
        # Same name and postcode (case-insensitive), another date of birth.
        {
            "person-first_name": "rita",
            "person-last_name": "Riverside",
            "person-date_of_birth": "1970-01-01",
            "person-postcode": "ab1 2cd",
        },
    ],
)
def test_possible_duplicate_is_shown_and_nothing_is_created(
    client_for, coordinator, locality, source, person, overrides
):
    data = new_introduction_data(
        locality, source, **{"person-date_of_birth": "1960-05-01", **overrides}
    )

    response = client_for(coordinator).post(reverse("people:introduction_new"), data)

    assert response.status_code == 200
    assert response.context["duplicates"] == [person]
    content = response.content.decode()
    assert "This may be someone we already know" in content
    assert person.get_absolute_url() in content
    assert reverse("people:introduction_again", args=[person.pk]) in content
    assert 'name="not_a_duplicate"' in content
    # What was typed is still there.
    assert f'value="{overrides["person-first_name"]}"' in content
    assert "Lonely since her husband died." in content
    assert list(Person.objects.all()) == [person]
    assert not Introduction.objects.exists()


def test_same_name_with_another_birth_date_and_postcode_is_not_a_duplicate(
    client_for, coordinator, locality, source, person
):
    data = new_introduction_data(
        locality,
        source,
        **{"person-first_name": "Rita", "person-last_name": "Riverside"},
    )

    response = client_for(coordinator).post(reverse("people:introduction_new"), data)

    assert response.status_code == 302
    assert Person.objects.filter(first_name="Rita").count() == 2


def test_ticking_not_a_duplicate_records_a_new_person(
    client_for, coordinator, locality, source, person
):
    data = new_introduction_data(
        locality,
        source,
        **{
            "person-first_name": "Rita",
            "person-last_name": "Riverside",
            "person-date_of_birth": "1960-05-01",
            "not_a_duplicate": "1",
        },
    )

    response = client_for(coordinator).post(reverse("people:introduction_new"), data)

    new = Person.objects.exclude(pk=person.pk).get()
    assert response.url == new.get_absolute_url()
    assert new.full_name == "Rita Riverside"
    assert new.introductions.get().is_open
    assert not person.introductions.exists()


def test_duplicate_in_another_locality_is_not_revealed(
    client_for, coordinator, locality, source, outsider_person
):
    data = new_introduction_data(
        locality,
        source,
        **{
            "person-first_name": "Hidden",
            "person-last_name": "Hilltopper",
            "person-date_of_birth": "1960-05-01",
            "person-postcode": "AB1 2CD",
        },
    )

    response = client_for(coordinator).post(reverse("people:introduction_new"), data)

    new = Person.objects.exclude(pk=outsider_person.pk).get()
    assert response.status_code == 302
    assert response.url == new.get_absolute_url()
    assert new.locality == locality
    assert not outsider_person.introductions.exists()


# Re-introducing someone


def test_reintroducing_a_closed_person_opens_a_new_episode(
    client_for, coordinator, person, source, reason, loneliness
):
    old = factories.IntroductionFactory(
        person=person, introduced_on=days_ago(200), closed_on=days_ago(100), closing_reason=reason
    )
    Person.objects.filter(pk=person.pk).update(lead_coordinator=None)
    data = {
        "referral_source": source.pk,
        "introduced_on": days_ago(2).isoformat(),
        "support_level": SupportLevel.WALKING_ALONGSIDE,
        "themes": [loneliness.pk],
        "what_is_happening": "Struggling again after a fall.",
    }

    response = client_for(coordinator).post(
        reverse("people:introduction_again", args=[person.pk]), data
    )

    assert response.url == person.get_absolute_url()
    new = person.introductions.open().get()
    assert new != old
    assert (new.introduced_on, new.support_level) == (days_ago(2), "walking_alongside")
    assert list(new.themes.all()) == [loneliness]
    assert new.support_level_changes.get().changed_on == days_ago(2)
    old.refresh_from_db()
    assert old.closed_on == days_ago(100)
    person.refresh_from_db()
    assert person.lead_coordinator == coordinator


def test_reintroducing_someone_with_an_open_introduction_does_not_open_a_second(
    client_for, coordinator, person, source
):
    current = factories.IntroductionFactory(person=person)
    data = {
        "referral_source": source.pk,
        "introduced_on": days_ago(1).isoformat(),
        "support_level": "information",
    }

    response = client_for(coordinator).post(
        reverse("people:introduction_again", args=[person.pk]), data, follow=True
    )

    assert list(person.introductions.all()) == [current]
    assert response.redirect_chain == [(person.get_absolute_url(), 302)]
    assert "Rita Riverside already has an open introduction." in response.content.decode()


def test_reintroducing_with_a_future_date_is_refused_beside_the_field(
    client_for, coordinator, person, source, reason
):
    factories.IntroductionFactory(
        person=person, introduced_on=days_ago(200), closed_on=days_ago(100), closing_reason=reason
    )
    data = {
        "referral_source": source.pk,
        "introduced_on": (TODAY + dt.timedelta(days=1)).isoformat(),
        "support_level": "information",
    }

    response = client_for(coordinator).post(
        reverse("people:introduction_again", args=[person.pk]), data
    )

    assert response.context["form"].errors == {"introduced_on": ["This date is in the future."]}
    assert error_beside(response, "id_introduced_on")
    assert not person.introductions.open().exists()


# Support level


def test_support_level_change_is_dated_and_recorded(client_for, coordinator, person):
    intro = factories.IntroductionFactory(person=person, introduced_on=days_ago(20))

    response = client_for(coordinator).post(
        reverse("people:support_level", args=[person.pk]),
        {"support_level": "walking_alongside", "changed_on": days_ago(4).isoformat()},
        follow=True,
    )

    intro.refresh_from_db()
    assert intro.support_level == SupportLevel.WALKING_ALONGSIDE
    assert intro.version == 2
    change = SupportLevelChange.objects.get()
    assert (change.introduction, change.support_level, change.changed_on, change.changed_by) == (
        intro,
        "walking_alongside",
        days_ago(4),
        coordinator,
    )
    content = response.content.decode()
    assert "Support level changed." in content
    assert "Walking alongside" in content


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"support_level": "information", "changed_on": "2026-06-10"},
            "support_level",
            "That is already the support level.",
        ),
        (
            {"support_level": "walking_alongside", "changed_on": "2026-05-01"},
            "changed_on",
            "This is before the introduction.",
        ),
        (
            {"support_level": "walking_alongside", "changed_on": "31/02/2026"},
            "changed_on",
            "Enter a valid date.",
        ),
        (
            {"support_level": "a lot", "changed_on": "2026-06-10"},
            "support_level",
            "Select a valid choice. a lot is not one of the available choices.",
        ),
    ],
)
def test_support_level_change_refuses_bad_input_beside_the_field(
    client_for, coordinator, person, data, field, message
):
    intro = factories.IntroductionFactory(person=person, introduced_on=days_ago(20))

    response = client_for(coordinator).post(reverse("people:support_level", args=[person.pk]), data)

    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert error_beside(response, f"id_{field}")
    assert not SupportLevelChange.objects.exists()
    intro.refresh_from_db()
    assert intro.support_level == SupportLevel.INFORMATION


# Closing


def test_closing_an_introduction_records_the_date_and_reason(
    client_for, coordinator, person, reason
):
    intro = factories.IntroductionFactory(person=person, introduced_on=days_ago(20))
    suggestion = factories.ConnectionFactory(person=person, suggested_on=days_ago(10))

    response = client_for(coordinator).post(
        reverse("people:introduction_close", args=[person.pk]),
        {"closed_on": days_ago(1).isoformat(), "reason": reason.pk},
        follow=True,
    )

    intro.refresh_from_db()
    assert (intro.closed_on, intro.closing_reason) == (days_ago(1), reason)
    assert not person.introductions.open().exists()
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.ended_on) == ("ended", days_ago(1))
    content = response.content.decode()
    assert "Introduction of Rita Riverside closed." in content
    assert "Introduction closed</strong>: Goals met" in content
    assert "No open introduction." in content


@pytest.mark.parametrize(
    ("closed_on", "message"),
    [
        ("2026-05-25", "The introduction was on 26/05/2026: it cannot close before then."),
        ("2026-06-16", "This date is in the future."),
        ("yesterday", "Enter a valid date."),
    ],
)
def test_closing_on_a_bad_date_is_an_error_beside_the_field(
    client_for, coordinator, person, reason, closed_on, message
):
    intro = factories.IntroductionFactory(person=person, introduced_on=days_ago(20))

    response = client_for(coordinator).post(
        reverse("people:introduction_close", args=[person.pk]),
        {"closed_on": closed_on, "reason": reason.pk},
    )

    assert response.context["form"].errors == {"closed_on": [message]}
    assert error_beside(response, "id_closed_on")
    assert f'value="{closed_on}"' in response.content.decode()
    intro.refresh_from_db()
    assert intro.is_open


def test_closing_needs_a_reason(client_for, coordinator, person):
    intro = factories.IntroductionFactory(person=person, introduced_on=days_ago(20))

    response = client_for(coordinator).post(
        reverse("people:introduction_close", args=[person.pk]),
        {"closed_on": days_ago(1).isoformat(), "reason": ""},
    )

    assert response.context["form"].errors == {"reason": ["This field is required."]}
    intro.refresh_from_db()
    assert intro.is_open


@pytest.mark.parametrize(
    "name", ["people:introduction_edit", "people:support_level", "people:introduction_close"]
)
def test_pages_about_the_current_introduction_redirect_when_there_is_none(
    client_for, coordinator, person, name
):
    response = client_for(coordinator).get(reverse(name, args=[person.pk]), follow=True)

    assert response.redirect_chain == [(person.get_absolute_url(), 302)]
    assert "Rita Riverside has no open introduction." in response.content.decode()


# Bad input never 500s, and keeps what was typed


@pytest.mark.parametrize(
    ("overrides", "form", "field"),
    [
        ({"person-date_of_birth": "31/02/2026"}, "person_form", "date_of_birth"),
        ({"person-date_of_birth": "1850-01-01"}, "person_form", "date_of_birth"),
        ({"person-date_of_birth": "2027-01-01"}, "person_form", "date_of_birth"),
        ({"person-consent_recorded_on": ""}, "person_form", "consent_recorded_on"),
        ({"intro-introduced_on": "yesterday"}, "intro_form", "introduced_on"),
        ({"intro-introduced_on": "31/02/2026"}, "intro_form", "introduced_on"),
        ({"intro-what_is_happening": "x" * 10_000}, "intro_form", "what_is_happening"),
        ({"person-first_name": "x" * 10_000}, "person_form", "first_name"),
        ({"person-email": "not an email"}, "person_form", "email"),
        ({"person-locality": "other"}, "person_form", "locality"),
        ({"person-locality": "abc"}, "person_form", "locality"),
        ({"intro-referral_source": "999999"}, "intro_form", "referral_source"),
        ({"intro-themes": ["abc"]}, "intro_form", "themes"),
        ({"intro-support_level": "everything"}, "intro_form", "support_level"),
    ],
)
def test_bad_input_on_a_new_introduction_is_an_error_and_keeps_what_was_typed(
    client_for, coordinator, locality, other_locality, source, loneliness, overrides, form, field
):
    if overrides.get("person-locality") == "other":
        overrides = {"person-locality": other_locality.pk}
    data = new_introduction_data(locality, source, **overrides)

    response = client_for(coordinator).post(reverse("people:introduction_new"), data)

    assert response.status_code == 200
    assert list(response.context[form].errors) == [field]
    prefix = "person" if form == "person_form" else "intro"
    assert error_beside(response, f"id_{prefix}-{field}")
    content = response.content.decode()
    assert 'value="Dale"' in content
    assert 'value="07700 900123"' in content
    assert 'value="Dr Shah"' in content
    typed = overrides[f"{prefix}-{field}"]
    if field in ("date_of_birth", "introduced_on", "first_name", "email"):
        assert f'value="{typed}"' in content
    if field == "what_is_happening":
        assert typed in content
    else:
        assert "Lonely since her husband died." in content
    assert not Person.objects.exists()
    assert not Introduction.objects.exists()


def test_bad_input_on_an_introduction_edit_keeps_what_was_typed(
    client_for, coordinator, person, source
):
    intro = factories.IntroductionFactory(person=person, introduced_on=days_ago(20))

    response = client_for(coordinator).post(
        reverse("people:introduction_edit", args=[person.pk]),
        {
            "referral_source": source.pk,
            "introduced_on": "31/02/2026",
            "introducer": "Sister, Jo",
            "what_is_happening": "y" * 10_000,
            "next_step": "Phone Jo",
            "version": intro.version,
        },
    )

    assert set(response.context["form"].errors) == {"introduced_on", "what_is_happening"}
    content = response.content.decode()
    assert 'value="31/02/2026"' in content
    assert 'value="Sister, Jo"' in content
    assert 'value="Phone Jo"' in content
    intro.refresh_from_db()
    assert (intro.introduced_on, intro.introducer, intro.next_step) == (days_ago(20), "", "")


def test_introduction_edit_cannot_move_the_date_after_first_contact(
    client_for, coordinator, person, source
):
    intro = factories.IntroductionFactory(
        person=person, introduced_on=days_ago(20), first_contact_on=days_ago(15)
    )

    response = client_for(coordinator).post(
        reverse("people:introduction_edit", args=[person.pk]),
        {"referral_source": source.pk, "introduced_on": days_ago(10), "version": 1},
    )

    assert response.context["form"].errors == {
        "introduced_on": ["First contact was on 31/05/2026: the introduction cannot be after it."]
    }
    intro.refresh_from_db()
    assert intro.introduced_on == days_ago(20)


def test_introduction_edit_saves_and_bumps_the_version(
    client_for, coordinator, person, source, housing
):
    intro = factories.IntroductionFactory(person=person, introduced_on=days_ago(20))

    response = client_for(coordinator).post(
        reverse("people:introduction_edit", args=[person.pk]),
        {
            "referral_source": source.pk,
            "introduced_on": days_ago(21).isoformat(),
            "themes": [housing.pk],
            "next_step": "Phone the housing officer",
            "version": 1,
        },
    )

    assert response.url == person.get_absolute_url()
    intro.refresh_from_db()
    assert (intro.introduced_on, intro.next_step, intro.version) == (
        days_ago(21),
        "Phone the housing officer",
        2,
    )
    assert intro.referral_source == source
    assert list(intro.themes.all()) == [housing]
