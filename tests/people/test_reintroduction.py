"""Two episodes of one person never overlap: a re-introduction may begin on the day the
previous episode closed, not before, wherever it is typed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from people.models import Introduction
from people.services import introduction_create
from tests import factories
from tests.factories import days_ago

pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def source(db):
    return factories.ReferralSourceFactory(name="Dr Shah's surgery")


@pytest.fixture
def earlier(person):
    """Rita's first episode: from 100 days ago, closed 40 days ago."""
    return factories.IntroductionFactory(
        person=person,
        introduced_on=days_ago(100),
        first_contact_on=days_ago(98),
        closed_on=days_ago(40),
        closing_reason=factories.ClosingReasonFactory(name="Goals met"),
    )


def again(client, person, source, introduced_on, **extra):
    data = {
        "referral_source": source.pk,
        "introducer": "Dr Shah",
        "introduced_on": introduced_on.isoformat(),
        "what_is_happening": "Lonely again since the move.",
        "support_level": "information",
        **extra,
    }
    return client.post(reverse("people:introduction_again", args=[person.pk]), data)


def test_a_reintroduction_dated_before_the_last_episode_closed_is_refused_beside_the_date(
    client_for, coordinator, person, source, earlier
):
    response = again(client_for(coordinator), person, source, days_ago(50))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "introduced_on": [
            f"Their introduction of {days_ago(100):%d/%m/%Y} closed on "
            f"{days_ago(40):%d/%m/%Y}: this one cannot begin before then."
        ]
    }
    assert 'id="error_1_id_introduced_on"' in response.text
    # What was typed is still there.
    assert "Lonely again since the move." in response.text
    assert 'value="Dr Shah"' in response.text
    assert list(person.introductions.all()) == [earlier]


def test_a_reintroduction_dated_before_the_last_episode_began_is_refused(
    client_for, coordinator, person, source, earlier
):
    response = again(client_for(coordinator), person, source, days_ago(150))

    assert list(response.context["form"].errors) == ["introduced_on"]
    assert list(person.introductions.all()) == [earlier]


def test_a_reintroduction_on_the_day_the_last_episode_closed_is_taken(
    client_for, coordinator, person, source, earlier
):
    response = again(client_for(coordinator), person, source, days_ago(40))

    assert response.url == person.get_absolute_url()
    assert list(person.introductions.order_by("introduced_on").values_list("introduced_on")) == [
        (days_ago(100),),
        (days_ago(40),),
    ]


def test_the_service_refuses_an_overlapping_episode_taken_meanwhile(
    coordinator, person, source, earlier
):
    """The form checked before another introduction was saved: the service checks again
    under the person's lock."""
    overlapping = Introduction(person=person, referral_source=source, introduced_on=days_ago(60))

    with pytest.raises(ValidationError) as refused:
        introduction_create(introduction=overlapping, themes=[], by=coordinator)

    assert refused.value.message_dict == {
        "introduced_on": [
            f"Their introduction of {days_ago(100):%d/%m/%Y} closed on "
            f"{days_ago(40):%d/%m/%Y}: this one cannot begin before then."
        ]
    }
    assert list(person.introductions.all()) == [earlier]


def test_a_reintroduction_taken_meanwhile_is_a_message_not_a_500(
    client_for, coordinator, person, source, earlier, monkeypatch
):
    # The form passes, then someone else's introduction lands before the save.
    def meanwhile(*, introduction, themes, by):
        factories.IntroductionFactory(person=person, introduced_on=days_ago(30))
        return introduction_create(introduction=introduction, themes=themes, by=by)

    monkeypatch.setattr("people.services.introduction_create", meanwhile)

    response = again(client_for(coordinator), person, source, days_ago(20))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "introduced_on": [f"They already have an open introduction, from {days_ago(30):%d/%m/%Y}."]
    }


def test_moving_the_open_episode_back_before_the_last_one_closed_is_refused(
    client_for, coordinator, person, source, earlier
):
    current = factories.IntroductionFactory(
        person=person, referral_source=source, introduced_on=days_ago(10)
    )

    response = client_for(coordinator).post(
        reverse("people:introduction_edit", args=[person.pk]),
        {
            "referral_source": source.pk,
            "introduced_on": days_ago(45).isoformat(),
            "version": current.version,
            "episode": current.pk,
        },
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["introduced_on"]
    current.refresh_from_db()
    assert current.introduced_on == days_ago(10)


def test_the_admin_refuses_closing_an_episode_after_the_next_began(
    client_for, administrator, person, source, earlier
):
    factories.IntroductionFactory(person=person, referral_source=source, introduced_on=days_ago(30))
    url = reverse("admin:people_introduction_change", args=[earlier.pk])
    page = client_for(administrator).get(url)
    data = {
        field.html_name: field.value()
        for field in page.context["adminform"].form
        if field.value() is not None
    }
    data["themes"] = []

    response = client_for(administrator).post(url, {**data, "closed_on": days_ago(20)})

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        f"Their next introduction began on {days_ago(30):%d/%m/%Y}: this one must close by then."
    ]
    earlier.refresh_from_db()
    assert earlier.closed_on == days_ago(40)
