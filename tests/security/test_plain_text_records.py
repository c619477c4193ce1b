"""Story titles and people's names typed in the admin follow the rule for names typed in
the app: no control, text-direction or invisible characters."""

from __future__ import annotations

from django.urls import reverse

from outcomes.models import Consent, Level, OutcomeStory
from people.models import Person
from tests import factories
from tests.test_admin import admin_url

MESSAGE = (
    "Remove the hidden control, text-direction or invisible characters "
    "(often pasted in with the text)."
)
HOSTILE_TITLE = "Back in the garden\u202egnp.exe"


def test_a_story_title_with_a_text_direction_override_is_refused_and_kept(
    client_for, coordinator, locality
):
    person = factories.PersonFactory(locality=locality)
    factories.IntroductionFactory(person=person)

    response = client_for(coordinator).post(
        reverse("outcomes:story_new", args=[person.pk]),
        {
            "title": HOSTILE_TITLE,
            "text": "Rita runs the watering rota now.",
            "level": Level.INDIVIDUAL,
            "consent": Consent.ANONYMISED,
            "told_on": "2026-01-10",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["title"] == [MESSAGE]
    assert response.context["form"]["title"].value() == HOSTILE_TITLE
    assert not OutcomeStory.objects.exists()


def test_the_admin_refuses_a_person_name_with_a_text_direction_override(
    client_for, administrator, locality
):
    person = factories.PersonFactory(locality=locality, first_name="Rita")
    url = admin_url(Person, "change", person.pk)
    client = client_for(administrator)
    form = client.get(url).context["adminform"].form
    data = {
        name: form[name].value() if form[name].value() is not None else "" for name in form.fields
    }
    data["first_name"] = "Rita\u202e"

    response = client.post(url, data)

    assert response.context["adminform"].form.errors["first_name"] == [MESSAGE]
    person.refresh_from_db()
    assert person.first_name == "Rita"
