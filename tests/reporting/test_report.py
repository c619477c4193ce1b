"""The impact report: scoped like the dashboard, stories shown only as consented."""

import datetime as dt

import pytest
from django.urls import reverse

from outcomes.models import Consent
from tests import factories

URL = reverse("reporting:report")


@pytest.fixture
def stories(locality):
    priya = factories.PersonFactory(first_name="Priya", last_name="Patel", locality=locality)
    norah = factories.PersonFactory(first_name="Norah", last_name="Named", locality=locality)
    nina = factories.PersonFactory(first_name="Nina", last_name="Nobody", locality=locality)
    day = dt.date(2025, 10, 1)
    factories.OutcomeStoryFactory(
        person=priya,
        title="Back in the choir",
        consent=Consent.ANONYMISED,
        featured=True,
        told_on=day,
    )
    factories.OutcomeStoryFactory(
        person=norah, title="A new allotment", consent=Consent.NAMED, featured=True, told_on=day
    )
    factories.OutcomeStoryFactory(
        person=nina, title="Not for sharing", consent=Consent.NONE, told_on=day
    )
    factories.OutcomeStoryFactory(
        person=None,
        locality=locality,
        title="Cook and eat opens",
        consent=Consent.NAMED,
        featured=True,
        told_on=day,
    )


def test_coordinator_is_forbidden(client_for, coordinator):
    assert client_for(coordinator).get(URL).status_code == 403


def test_stories_appear_only_as_consented(client_for, manager, stories):
    response = client_for(manager).get(URL, {"period": "fy:2025"})
    content = response.content.decode()
    assert [s.title for s in response.context["stories"]] == [
        "Back in the choir",
        "A new allotment",
        "Cook and eat opens",
    ]
    assert [s.attribution for s in response.context["stories"]] == [
        "A person in Riverside",
        "Norah Named, Riverside",
        "The community in Riverside",
    ]
    assert "Priya" not in content
    assert "Patel" not in content
    assert "Not for sharing" not in content
    assert "Nina" not in content


def test_the_featured_stories_figure_counts_the_stories_printed(
    client_for, manager, stories, locality, other_locality
):
    # A named story of someone who has since moved to Hilltop was told in Riverside but
    # is not printed for a manager of Riverside alone: not counted in the report either.
    irene = factories.PersonFactory(first_name="Irene", last_name="Cooper", locality=locality)
    factories.OutcomeStoryFactory(
        person=irene,
        title="On top of the bills",
        consent=Consent.NAMED,
        featured=True,
        told_on=dt.date(2025, 10, 1),
    )
    irene.locality = other_locality
    irene.save()

    response = client_for(manager).get(URL, {"period": "fy:2025"})

    printed = response.context["stories"]
    assert [s.title for s in printed] == [
        "Back in the choir",
        "A new allotment",
        "Cook and eat opens",
    ]
    assert dict(response.context["summary"].rows)["Featured stories"] == len(printed) == 3


def test_report_shows_figures_and_value_for_the_scope(client_for, manager, dataset):
    response = client_for(manager).get(URL, {"period": "fy:2025"})
    content = response.content.decode()
    rows = dict(response.context["summary"].rows)
    assert (rows["Outcomes: individual and family"], rows["Outcomes: system"]) == (3, 6)
    assert "£1.45</strong> of estimated social value per £1" in content  # see test_value.py
    assert "Hilltop" not in content
    assert "Hidden" not in content


def test_report_refuses_another_locality(client_for, manager, dataset, other_locality):
    response = client_for(manager).get(URL, {"scope": f"locality:{other_locality.pk}"})
    assert response.context["form"].errors["scope"]
    assert "Hilltop" not in response.content.decode()


def test_an_anonymised_story_that_names_the_person_is_printed_without_the_name(
    client_for, manager, locality
):
    dean = factories.PersonFactory(
        first_name="Dean", last_name="Wood", preferred_name="Deano", locality=locality
    )
    factories.OutcomeStoryFactory(
        person=dean,
        title="Dean's walk",
        text="Dean Wood was lonely; now Deano runs the Tuesday walk in Hollow Wood Park. "
        "Deanna and a woodpecker joined. I hope it lasts.",
        consent=Consent.ANONYMISED,
        featured=True,
        told_on=dt.date(2025, 10, 1),
    )

    response = client_for(manager).get(URL, {"period": "fy:2025"})

    (story,) = response.context["stories"]
    assert story.title == "[name]'s walk"
    assert story.text == (
        "[name] was lonely; now [name] runs the Tuesday walk in Hollow [name] Park. "
        "Deanna and a woodpecker joined. I hope it lasts."
    )
    assert "Dean " not in response.text
    assert "Deano" not in response.text
    assert dict(response.context["summary"].rows)["Featured stories"] == 1


def test_a_name_written_in_lower_case_is_taken_out_too(client_for, manager, locality):
    ray = factories.PersonFactory(first_name="Raymond", last_name="Evans", locality=locality)
    factories.OutcomeStoryFactory(
        person=ray,
        text="raymond smiles now; EVANS is a name too.",
        consent=Consent.ANONYMISED,
        featured=True,
        told_on=dt.date(2025, 10, 1),
    )

    response = client_for(manager).get(URL, {"period": "fy:2025"})

    assert [s.text for s in response.context["stories"]] == [
        "[name] smiles now; [name] is a name too."
    ]


def test_an_anonymised_persons_stories_are_never_printed_nor_counted(client_for, manager, locality):
    # Anonymised by the retention run before the change that unfeatures their stories, or
    # featured again since: the report itself leaves them out.
    gone = factories.PersonFactory(first_name="Anonymised", last_name="Person 9", locality=locality)
    for consent in (Consent.NAMED, Consent.ANONYMISED):
        factories.OutcomeStoryFactory(
            person=gone,
            title="Anonymised story",
            text="",
            consent=consent,
            featured=True,
            told_on=dt.date(2025, 10, 1),
        )

    response = client_for(manager).get(URL, {"period": "fy:2025"})

    assert response.context["stories"] == []
    assert "Anonymised story" not in response.text
    assert dict(response.context["summary"].rows)["Featured stories"] == 0


def test_a_named_story_keeps_the_name(client_for, manager, locality):
    dean = factories.PersonFactory(first_name="Dean", last_name="Wood", locality=locality)
    factories.OutcomeStoryFactory(
        person=dean,
        text="Dean runs the walk.",
        consent=Consent.NAMED,
        featured=True,
        told_on=dt.date(2025, 10, 1),
    )

    response = client_for(manager).get(URL, {"period": "fy:2025"})

    assert [s.text for s in response.context["stories"]] == ["Dean runs the walk."]


def test_a_story_of_someone_who_moved_away_leaves_the_old_localitys_report(
    client_for, manager, locality, other_locality
):
    irene = factories.PersonFactory(first_name="Irene", last_name="Cooper", locality=locality)
    factories.OutcomeStoryFactory(
        person=irene,
        title="On top of the bills",
        consent=Consent.NAMED,
        featured=True,
        told_on=dt.date(2025, 10, 1),
    )
    irene.locality = other_locality
    irene.save()

    response = client_for(manager).get(URL, {"period": "fy:2025"})

    assert response.context["stories"] == []
    assert "Irene" not in response.text
