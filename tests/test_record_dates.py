"""Dates of work are checked on the model fields, so every path that validates a record
(the app's forms, the admin, anything built later) refuses a year typed as 0001 or a date
in the future with the same message."""

import datetime as dt

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from lac.dates import validate_birth_date, validate_record_date
from tests import factories

# Every date a coordinator types about the work, and the date of birth.
CHECKED = {
    ("people", "Person", "date_of_birth"): validate_birth_date,
    ("people", "Person", "consent_recorded_on"): validate_record_date,
    ("people", "Introduction", "introduced_on"): validate_record_date,
    ("people", "Introduction", "first_contact_on"): validate_record_date,
    ("people", "Introduction", "closed_on"): validate_record_date,
    ("people", "SupportLevelChange", "changed_on"): validate_record_date,
    ("people", "Contact", "contact_on"): validate_record_date,
    ("people", "Connection", "suggested_on"): validate_record_date,
    ("people", "Connection", "connected_on"): validate_record_date,
    ("people", "Connection", "ended_on"): validate_record_date,
    ("people", "PersonMove", "moved_on"): validate_record_date,
    ("outcomes", "Outcome", "achieved_on"): validate_record_date,
    ("outcomes", "OutcomeStory", "told_on"): validate_record_date,
    ("outcomes", "WellbeingCheck", "checked_on"): validate_record_date,
    ("localities", "Locality", "lac_started_on"): validate_record_date,
    ("localities", "CommunityAsset", "developed_on"): validate_record_date,
}


def test_every_date_field_of_a_record_is_checked_on_the_model():
    found = {
        (model._meta.app_label, model.__name__, field.name): field.validators
        for app in ("people", "outcomes", "localities")
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if type(field) is models.DateField
    }
    assert set(found) == set(CHECKED)
    checked = {key: CHECKED[key] in validators for key, validators in found.items()}
    assert checked == dict.fromkeys(CHECKED, True)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (dt.date(1, 1, 1), "Check the year: records start in 2000."),
        (dt.date(2999, 1, 1), "This date is in the future."),
    ],
)
def test_a_contact_with_an_impossible_date_is_refused_by_the_model(db, value, message):
    contact = factories.ContactFactory.build(
        introduction=factories.IntroductionFactory(), contact_on=value
    )

    with pytest.raises(ValidationError) as refused:
        contact.full_clean()

    assert refused.value.message_dict["contact_on"] == [message]


def test_a_date_of_birth_before_1900_is_refused_by_the_model(db):
    person = factories.PersonFactory.build(
        locality=factories.LocalityFactory(), date_of_birth=dt.date(1850, 5, 1)
    )

    with pytest.raises(ValidationError) as refused:
        person.full_clean()

    assert refused.value.message_dict["date_of_birth"] == ["Check the year: this is before 1900."]


def test_the_admin_refuses_an_outcome_dated_in_the_year_1(client, administrator, locality):
    outcome = factories.OutcomeFactory(person=factories.PersonFactory(locality=locality))
    client.force_login(administrator)
    url = f"/admin/outcomes/outcome/{outcome.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {
        name: form[name].value() if form[name].value() is not None else "" for name in form.fields
    }
    data["achieved_on"] = "01/01/0001"

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["achieved_on"] == [
        "Check the year: records start in 2000."
    ]
    outcome.refresh_from_db()
    assert outcome.achieved_on != dt.date(1, 1, 1)
