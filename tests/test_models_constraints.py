"""Named database constraints in every app: each one refuses a bad row, and lets the edge in.

Every test that breaks a constraint is marked `@covers("<constraint name>")`; the guard at the
end fails when a model gains a constraint that no test here breaks.
"""

import datetime as dt
from decimal import Decimal

import factory
import pytest
from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection, models, transaction

from localities.models import CommunityAsset, Locality
from outcomes.models import Consent, Outcome, OutcomeStory, OutcomeType, WellbeingCheck
from people.models import (
    CaseloadTransfer,
    Connection,
    ConnectionStatus,
    Contact,
    Introduction,
    PersonMove,
    RetentionRun,
)
from tests import factories

APPS = ("localities", "coordinators", "people", "outcomes")
TODAY = factories.TODAY
YESTERDAY = TODAY - dt.timedelta(days=1)

COVERED: set[str] = set()


def covers(name: str):
    """Record that the decorated test breaks the constraint `name`."""

    def register(test):
        COVERED.add(name)
        return test

    return register


def assert_names(error: pytest.ExceptionInfo, name: str) -> None:
    """The database refused the row because of `name`, not some other rule.

    PostgreSQL names every constraint. SQLite names CHECK constraints but reports a
    unique index by its columns, so there the message can only say it was a unique rule.
    """
    message = str(error.value)
    if connection.vendor == "sqlite" and "UNIQUE" in message:
        assert message.startswith("UNIQUE constraint failed")
    else:
        assert name in message


@pytest.fixture
def introduction(db):
    return factories.IntroductionFactory(introduced_on=YESTERDAY)


@pytest.fixture
def closing_reason(db):
    return factories.ClosingReasonFactory(name="Goals met")


@pytest.fixture
def asset(db):
    return factories.CommunityAssetFactory(name="Tuesday Lunch Club")


@pytest.fixture
def person(asset):
    return factories.PersonFactory(locality=asset.locality)


@pytest.fixture
def recorder(db):
    """Who recorded a row: full_clean() requires it (the audit fields are not blank=True)."""
    return factories.CoordinatorFactory(username="recorder")


@pytest.fixture
def outcome_type(db):
    return factories.OutcomeTypeFactory(name="Eviction prevented")


# localities


@covers("locality_annual_cost_not_negative")
def test_locality_annual_cost_cannot_be_negative(db):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        Locality.objects.create(name="Riverside", district="North", annual_cost=Decimal("-0.01"))
    assert_names(error, "locality_annual_cost_not_negative")


def test_locality_annual_cost_may_be_zero_or_unknown(db):
    free = Locality.objects.create(name="Riverside", district="North", annual_cost=0)
    unknown = Locality.objects.create(name="Hilltop", district="North", annual_cost=None)

    assert list(Locality.objects.order_by("pk")) == [free, unknown]


@covers("asset_developed_on_needs_lac_support")
def test_asset_developed_on_needs_lac_support(db):
    category = factories.AssetCategoryFactory()

    with pytest.raises(IntegrityError) as error, transaction.atomic():
        CommunityAsset.objects.create(
            name="Cook and Eat", category=category, developed_with_lac=False, developed_on=TODAY
        )
    assert_names(error, "asset_developed_on_needs_lac_support")


def test_asset_developed_with_lac_support_may_have_a_date_or_not(db):
    category = factories.AssetCategoryFactory()

    dated = CommunityAsset.objects.create(
        name="Cook and Eat", category=category, developed_with_lac=True, developed_on=TODAY
    )
    undated = CommunityAsset.objects.create(
        name="Men's Shed", category=category, developed_with_lac=True, developed_on=None
    )

    assert list(CommunityAsset.objects.order_by("pk")) == [dated, undated]


# people: introductions


@covers("introduction_one_open_per_person")
def test_person_cannot_have_two_open_introductions(introduction):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        Introduction.objects.create(
            person=introduction.person,
            referral_source=introduction.referral_source,
            introduced_on=TODAY,
        )
    assert_names(error, "introduction_one_open_per_person")


def test_person_can_be_introduced_again_once_the_first_introduction_is_closed(
    introduction, closing_reason
):
    Introduction.objects.filter(pk=introduction.pk).update(
        closed_on=TODAY, closing_reason=closing_reason
    )

    again = Introduction.objects.create(
        person=introduction.person,
        referral_source=introduction.referral_source,
        introduced_on=TODAY,
    )

    assert list(introduction.person.introductions.open()) == [again]
    assert list(introduction.person.introductions.closed()) == [introduction]


def test_reopening_a_closed_introduction_is_refused_while_another_is_open(
    introduction, closing_reason
):
    Introduction.objects.filter(pk=introduction.pk).update(
        closed_on=TODAY, closing_reason=closing_reason
    )
    Introduction.objects.create(
        person=introduction.person,
        referral_source=introduction.referral_source,
        introduced_on=TODAY,
    )

    with pytest.raises(IntegrityError) as error, transaction.atomic():
        Introduction.objects.filter(pk=introduction.pk).update(closed_on=None, closing_reason=None)
    assert_names(error, "introduction_one_open_per_person")


def test_second_open_introduction_fails_full_clean_with_the_constraint_message(
    introduction, recorder
):
    second = Introduction(
        person=introduction.person,
        referral_source=introduction.referral_source,
        introduced_on=TODAY,
        created_by=recorder,
    )

    with pytest.raises(ValidationError) as error:
        second.full_clean()

    assert error.value.message_dict == {
        NON_FIELD_ERRORS: ["This person already has an open introduction."]
    }


@covers("introduction_first_contact_not_before_introduced")
def test_first_contact_cannot_be_before_the_introduction(introduction):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        Introduction.objects.filter(pk=introduction.pk).update(
            first_contact_on=YESTERDAY - dt.timedelta(days=1)
        )
    assert_names(error, "introduction_first_contact_not_before_introduced")


def test_first_contact_may_be_on_the_introduction_day(introduction):
    Introduction.objects.filter(pk=introduction.pk).update(first_contact_on=YESTERDAY)

    introduction.refresh_from_db()
    assert introduction.first_contact_on == introduction.introduced_on == YESTERDAY


def test_first_contact_before_the_introduction_fails_full_clean_with_the_constraint_message(
    introduction, recorder
):
    introduction.created_by = recorder
    introduction.first_contact_on = YESTERDAY - dt.timedelta(days=1)

    with pytest.raises(ValidationError) as error:
        introduction.full_clean()

    assert error.value.message_dict == {
        NON_FIELD_ERRORS: ["First contact cannot be before the introduction."]
    }


@covers("introduction_closed_not_before_introduced")
def test_introduction_cannot_close_before_it_was_made(introduction, closing_reason):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        Introduction.objects.filter(pk=introduction.pk).update(
            closed_on=YESTERDAY - dt.timedelta(days=1), closing_reason=closing_reason
        )
    assert_names(error, "introduction_closed_not_before_introduced")


def test_introduction_may_close_on_the_day_it_was_made(introduction, closing_reason):
    Introduction.objects.filter(pk=introduction.pk).update(
        closed_on=YESTERDAY, closing_reason=closing_reason
    )

    assert list(Introduction.objects.closed()) == [introduction]


@covers("introduction_closed_not_before_first_contact")
def test_introduction_cannot_close_before_its_first_contact(introduction, closing_reason):
    Introduction.objects.filter(pk=introduction.pk).update(first_contact_on=TODAY)

    with pytest.raises(IntegrityError) as error, transaction.atomic():
        Introduction.objects.filter(pk=introduction.pk).update(
            closed_on=YESTERDAY, closing_reason=closing_reason
        )
    assert_names(error, "introduction_closed_not_before_first_contact")


def test_introduction_may_close_on_the_day_of_its_first_contact(introduction, closing_reason):
    Introduction.objects.filter(pk=introduction.pk).update(
        first_contact_on=TODAY, closed_on=TODAY, closing_reason=closing_reason
    )

    assert list(Introduction.objects.closed().values_list("first_contact_on", "closed_on")) == [
        (TODAY, TODAY)
    ]


@covers("introduction_closed_with_reason")
def test_closed_introduction_needs_a_closing_reason(introduction):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        Introduction.objects.filter(pk=introduction.pk).update(closed_on=TODAY)
    assert_names(error, "introduction_closed_with_reason")


def test_closing_reason_needs_a_closing_date(introduction, closing_reason):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        Introduction.objects.filter(pk=introduction.pk).update(closing_reason=closing_reason)
    assert_names(error, "introduction_closed_with_reason")


def test_closed_introduction_without_reason_fails_full_clean_with_the_constraint_message(
    introduction, recorder
):
    introduction.created_by = recorder
    introduction.closed_on = TODAY

    with pytest.raises(ValidationError) as error:
        introduction.full_clean()

    assert error.value.message_dict == {
        NON_FIELD_ERRORS: ["A closed introduction needs a closing date and reason."]
    }


# people: contacts


@pytest.mark.parametrize("minutes", [0, 1441])
@covers("contact_minutes_between_1_and_1440")
def test_contact_minutes_must_be_between_1_and_1440(introduction, minutes):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        Contact.objects.create(introduction=introduction, contact_on=TODAY, minutes=minutes)
    assert_names(error, "contact_minutes_between_1_and_1440")


def test_contact_of_1_or_1440_minutes_is_allowed(introduction):
    short = Contact.objects.create(introduction=introduction, contact_on=TODAY, minutes=1)
    day = Contact.objects.create(introduction=introduction, contact_on=TODAY, minutes=1440)

    assert list(Contact.objects.order_by("minutes").values_list("pk", "minutes")) == [
        (short.pk, 1),
        (day.pk, 1440),
    ]


def test_contact_of_zero_minutes_fails_full_clean_with_the_constraint_message(
    introduction, recorder
):
    contact = Contact(introduction=introduction, contact_on=TODAY, minutes=0, recorded_by=recorder)

    with pytest.raises(ValidationError) as error:
        contact.full_clean()

    assert error.value.message_dict == {
        NON_FIELD_ERRORS: ["Minutes must be between 1 and 1440 (a day)."]
    }


# people: connections


@covers("connection_one_current_per_person_asset")
def test_person_cannot_be_linked_twice_to_the_same_asset(person, asset):
    Connection.objects.create(person=person, asset=asset, suggested_on=YESTERDAY)

    with pytest.raises(IntegrityError) as error, transaction.atomic():
        Connection.objects.create(
            person=person,
            asset=asset,
            status=ConnectionStatus.CONNECTED,
            suggested_on=TODAY,
            connected_on=TODAY,
        )
    assert_names(error, "connection_one_current_per_person_asset")


def test_person_can_be_linked_again_to_an_asset_once_the_link_ended(person, asset):
    ended = Connection.objects.create(
        person=person,
        asset=asset,
        status=ConnectionStatus.ENDED,
        suggested_on=YESTERDAY,
        ended_on=YESTERDAY,
    )

    again = Connection.objects.create(person=person, asset=asset, suggested_on=TODAY)

    assert list(Connection.objects.current()) == [again]
    assert list(Connection.objects.order_by("pk")) == [ended, again]


def test_second_link_to_the_same_asset_fails_full_clean_with_the_constraint_message(
    person, asset, recorder
):
    Connection.objects.create(person=person, asset=asset, suggested_on=YESTERDAY)
    second = Connection(person=person, asset=asset, suggested_on=TODAY, created_by=recorder)

    with pytest.raises(ValidationError) as error:
        second.full_clean()

    assert error.value.message_dict == {
        NON_FIELD_ERRORS: ["This person is already linked to this asset."]
    }


@covers("connection_connected_not_before_suggested")
def test_connection_cannot_be_made_before_it_was_suggested(person, asset):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        Connection.objects.create(
            person=person,
            asset=asset,
            status=ConnectionStatus.CONNECTED,
            suggested_on=TODAY,
            connected_on=YESTERDAY,
        )
    assert_names(error, "connection_connected_not_before_suggested")


def test_connection_may_be_made_on_the_day_it_was_suggested(person, asset):
    made = Connection.objects.create(
        person=person,
        asset=asset,
        status=ConnectionStatus.CONNECTED,
        suggested_on=TODAY,
        connected_on=TODAY,
    )

    assert list(Connection.objects.filter(status=ConnectionStatus.CONNECTED)) == [made]


@covers("connection_ended_not_before_suggested")
def test_connection_cannot_end_before_it_was_suggested(person, asset):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        Connection.objects.create(
            person=person,
            asset=asset,
            status=ConnectionStatus.ENDED,
            suggested_on=TODAY,
            ended_on=YESTERDAY,
        )
    assert_names(error, "connection_ended_not_before_suggested")


def test_connection_may_end_on_the_day_it_was_suggested(person, asset):
    ended = Connection.objects.create(
        person=person,
        asset=asset,
        status=ConnectionStatus.ENDED,
        suggested_on=TODAY,
        ended_on=TODAY,
    )

    assert list(Connection.objects.filter(status=ConnectionStatus.ENDED)) == [ended]


@covers("connection_ended_not_before_connected")
def test_connection_cannot_end_before_it_was_made(person, asset):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        Connection.objects.create(
            person=person,
            asset=asset,
            status=ConnectionStatus.ENDED,
            suggested_on=YESTERDAY,
            connected_on=TODAY,
            ended_on=YESTERDAY,
        )
    assert_names(error, "connection_ended_not_before_connected")


def test_connection_may_end_on_the_day_it_was_made(person, asset):
    ended = Connection.objects.create(
        person=person,
        asset=asset,
        status=ConnectionStatus.ENDED,
        suggested_on=YESTERDAY,
        connected_on=TODAY,
        ended_on=TODAY,
    )

    assert list(Connection.objects.filter(status=ConnectionStatus.ENDED)) == [ended]


@covers("connection_connected_has_date")
def test_connected_connection_needs_the_date_it_was_made(person, asset):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        Connection.objects.create(
            person=person, asset=asset, status=ConnectionStatus.CONNECTED, suggested_on=TODAY
        )
    assert_names(error, "connection_connected_has_date")


@covers("connection_ended_has_date")
def test_ended_connection_needs_an_end_date(person, asset):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        Connection.objects.create(
            person=person, asset=asset, status=ConnectionStatus.ENDED, suggested_on=TODAY
        )
    assert_names(error, "connection_ended_has_date")


def test_current_connection_cannot_have_an_end_date(person, asset):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        Connection.objects.create(
            person=person,
            asset=asset,
            status=ConnectionStatus.SUGGESTED,
            suggested_on=TODAY,
            ended_on=TODAY,
        )
    assert_names(error, "connection_ended_has_date")


# outcomes: outcome types


@covers("outcometype_unit_value_not_negative")
def test_outcome_type_unit_value_cannot_be_negative(db):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        OutcomeType.objects.create(
            name="Eviction prevented",
            level="system",
            unit_value=Decimal("-1.00"),
            value_source="Illustrative",
            price_year=2024,
        )
    assert_names(error, "outcometype_unit_value_not_negative")


@pytest.mark.parametrize(
    ("value_source", "price_year"),
    [("", 2024), ("Illustrative", None)],
    ids=["no-source", "no-year"],
)
@covers("outcometype_value_has_source_and_year")
def test_outcome_type_unit_value_needs_a_source_and_a_price_year(db, value_source, price_year):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        OutcomeType.objects.create(
            name="Eviction prevented",
            level="system",
            unit_value=Decimal("7500.00"),
            value_source=value_source,
            price_year=price_year,
        )
    assert_names(error, "outcometype_value_has_source_and_year")


def test_outcome_type_valued_at_zero_or_not_valued_is_allowed(db):
    zero = OutcomeType.objects.create(
        name="Started volunteering",
        level="community",
        unit_value=0,
        value_source="Illustrative",
        price_year=2024,
    )
    unvalued = OutcomeType.objects.create(name="Feels less alone", level="individual")

    assert list(OutcomeType.objects.order_by("pk")) == [zero, unvalued]


def test_unit_value_without_source_fails_full_clean_with_the_constraint_message(db):
    outcome_type = OutcomeType(
        name="Eviction prevented", level="system", unit_value=Decimal("7500.00"), price_year=2024
    )

    with pytest.raises(ValidationError) as error:
        outcome_type.full_clean()

    assert error.value.message_dict == {
        NON_FIELD_ERRORS: ["A unit value needs its source and price year."]
    }


@pytest.mark.parametrize("price_year", [1989, 2101])
@covers("outcometype_price_year_plausible")
def test_outcome_type_price_year_must_be_plausible(db, price_year):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        OutcomeType.objects.create(name="Eviction prevented", level="system", price_year=price_year)
    assert_names(error, "outcometype_price_year_plausible")


def test_outcome_type_price_years_1990_and_2100_are_allowed(db):
    for price_year in (1990, 2100):
        OutcomeType.objects.create(
            name=f"Valued in {price_year}",
            level="system",
            unit_value=Decimal("100.00"),
            value_source="Illustrative",
            price_year=price_year,
        )

    assert list(
        OutcomeType.objects.order_by("price_year").values_list("price_year", flat=True)
    ) == [
        1990,
        2100,
    ]


@pytest.mark.parametrize("years", [0, 6])
@covers("outcometype_duration_between_1_and_5_years")
def test_outcome_type_duration_must_be_1_to_5_years(db, years):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        OutcomeType.objects.create(name="Housing kept", level="individual", duration_years=years)
    assert_names(error, "outcometype_duration_between_1_and_5_years")


@pytest.mark.parametrize("drop_off", [Decimal("-0.01"), Decimal("100.01")])
@covers("outcometype_drop_off_is_a_percentage")
def test_outcome_type_drop_off_must_be_a_percentage(db, drop_off):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        OutcomeType.objects.create(name="Housing kept", level="individual", drop_off_pct=drop_off)
    assert_names(error, "outcometype_drop_off_is_a_percentage")


def test_outcome_type_durations_1_and_5_and_drop_offs_0_and_100_are_allowed(db):
    short = OutcomeType.objects.create(name="A year", level="individual")
    long = OutcomeType.objects.create(
        name="Five years", level="individual", duration_years=5, drop_off_pct=100
    )

    assert (short.duration_years, short.drop_off_pct) == (1, 0)
    assert [(t.duration_years, t.drop_off_pct) for t in OutcomeType.objects.order_by("pk")] == [
        (1, Decimal("0.00")),
        (5, Decimal("100.00")),
    ]
    assert long.pk


def test_outcome_type_drop_off_message_reads_as_a_percentage(db):
    # A "%" in a constraint's message is a format character: unescaped, the admin's check
    # of the constraint fails with ValueError instead of showing it.
    outcome_type = OutcomeType(name="Housing kept", level="individual", drop_off_pct=101)

    with pytest.raises(ValidationError) as error:
        outcome_type.validate_constraints()
    assert error.value.messages == ["Drop-off must be between 0 and 100 %."]


# outcomes: outcomes, stories, wellbeing


@pytest.mark.parametrize("quantity", [0, 10001])
@covers("outcome_quantity_between_1_and_10000")
def test_outcome_quantity_must_be_between_1_and_10000(person, outcome_type, quantity):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        Outcome.objects.create(
            outcome_type=outcome_type,
            locality=person.locality,
            person=person,
            achieved_on=TODAY,
            quantity=quantity,
        )
    assert_names(error, "outcome_quantity_between_1_and_10000")


def test_outcome_quantity_of_1_or_10000_is_allowed(person, outcome_type):
    for quantity in (1, 10000):
        Outcome.objects.create(
            outcome_type=outcome_type,
            locality=person.locality,
            person=person,
            achieved_on=TODAY,
            quantity=quantity,
        )

    assert list(Outcome.objects.order_by("quantity").values_list("quantity", flat=True)) == [
        1,
        10000,
    ]


@covers("story_featured_needs_consent")
def test_story_without_consent_to_share_cannot_be_featured(person):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        OutcomeStory.objects.create(
            locality=person.locality,
            person=person,
            title="Back at the allotment",
            text="In their words.",
            level="individual",
            consent=Consent.NONE,
            featured=True,
            told_on=TODAY,
        )
    assert_names(error, "story_featured_needs_consent")


@pytest.mark.parametrize("consent", [Consent.ANONYMISED, Consent.NAMED])
def test_story_shared_with_consent_can_be_featured(person, consent):
    story = OutcomeStory.objects.create(
        locality=person.locality,
        person=person,
        title="Back at the allotment",
        text="In their words.",
        level="individual",
        consent=consent,
        featured=True,
        told_on=TODAY,
    )

    assert list(OutcomeStory.objects.filter(featured=True)) == [story]


def test_featured_story_without_consent_fails_full_clean_with_the_constraint_message(
    person, recorder
):
    story = OutcomeStory(
        locality=person.locality,
        written_by=recorder,
        title="Back at the allotment",
        text="In their words.",
        level="individual",
        consent=Consent.NONE,
        featured=True,
        told_on=TODAY,
    )

    with pytest.raises(ValidationError) as error:
        story.full_clean()

    assert error.value.message_dict == {
        NON_FIELD_ERRORS: ["A story without consent to share cannot be featured."]
    }


@covers("personmove_to_another_locality")
def test_a_move_to_the_same_locality_is_refused(person):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        PersonMove.objects.create(
            person=person,
            from_locality=person.locality,
            to_locality=person.locality,
            moved_on=TODAY,
        )
    assert_names(error, "personmove_to_another_locality")


def test_a_move_to_another_locality_is_kept(person):
    elsewhere = factories.LocalityFactory()

    move = PersonMove.objects.create(
        person=person, from_locality=person.locality, to_locality=elsewhere, moved_on=TODAY
    )

    assert list(PersonMove.objects.values_list("from_locality", "to_locality")) == [
        (person.locality_id, elsewhere.pk)
    ]
    assert list(person.moves.all()) == [move]


WELLBEING_ITEMS = ["life_satisfaction", "worthwhile", "happiness", "anxiety"]


def wellbeing_scores(**overrides: int) -> dict[str, int]:
    return dict.fromkeys(WELLBEING_ITEMS, 5) | overrides


@covers("wellbeing_life_satisfaction_0_to_10")
@covers("wellbeing_worthwhile_0_to_10")
@covers("wellbeing_happiness_0_to_10")
@covers("wellbeing_anxiety_0_to_10")
@pytest.mark.parametrize("item", WELLBEING_ITEMS)
def test_wellbeing_score_above_10_is_refused(person, item):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        WellbeingCheck.objects.create(
            person=person, checked_on=TODAY, **wellbeing_scores(**{item: 11})
        )
    assert_names(error, f"wellbeing_{item}_0_to_10")


@pytest.mark.parametrize("score", [0, 10])
def test_wellbeing_scores_of_0_and_10_are_allowed(person, score):
    check = WellbeingCheck.objects.create(
        person=person, checked_on=TODAY, **dict.fromkeys(WELLBEING_ITEMS, score)
    )

    assert list(WellbeingCheck.objects.values_list(*WELLBEING_ITEMS)) == [(score,) * 4]
    assert list(WellbeingCheck.objects.all()) == [check]


def test_wellbeing_score_above_10_fails_full_clean_on_the_field_before_the_constraint(
    person, recorder
):
    check = WellbeingCheck(
        person=person, checked_on=TODAY, recorded_by=recorder, **wellbeing_scores(anxiety=11)
    )

    # full_clean() skips a constraint on a field that already failed its validators...
    with pytest.raises(ValidationError) as error:
        check.full_clean()
    assert error.value.message_dict == {
        "anxiety": ["Ensure this value is less than or equal to 10."]
    }

    # ...so the constraint's own message shows only when constraints are checked alone.
    with pytest.raises(ValidationError) as error:
        check.validate_constraints()
    assert error.value.message_dict == {NON_FIELD_ERRORS: ["Anxiety must be 0–10."]}


# Guards


def project_models() -> list[type[models.Model]]:
    return [model for label in APPS for model in apps.get_app_config(label).get_models()]


def test_every_named_constraint_in_the_apps_has_a_test_here():
    constraints = {
        constraint.name for model in project_models() for constraint in model._meta.constraints
    }

    assert constraints - COVERED == set(), "write a test that breaks each of these"
    assert COVERED - constraints == set(), "these constraints no longer exist"


class RetentionRunFactory(factory.django.DjangoModelFactory):
    """Only for its __str__ case; tests/security builds runs through the command."""

    class Meta:
        model = RetentionRun

    count = 0


class CaseloadTransferFactory(factory.django.DjangoModelFactory):
    """Only for its __str__ case; tests/people builds transfers through the service."""

    class Meta:
        model = CaseloadTransfer

    person = factory.SubFactory(factories.PersonFactory)
    from_coordinator = factory.SubFactory(factories.CoordinatorFactory)
    to_coordinator = factory.SubFactory(factories.CoordinatorFactory)


class PersonMoveFactory(factory.django.DjangoModelFactory):
    """Only for its __str__ case; tests/reporting builds moves through the service."""

    class Meta:
        model = PersonMove

    person = factory.SubFactory(factories.PersonFactory)
    from_locality = factory.SelfAttribute("person.locality")
    to_locality = factory.SubFactory(factories.LocalityFactory)
    moved_on = TODAY


STR_CASES = [
    (factories.LocalityFactory, {"name": "Riverside"}, "Riverside"),
    (factories.ReferralSourceFactory, {"name": "Dr Shah, GP"}, "Dr Shah, GP"),
    (factories.ThemeFactory, {"name": "Loneliness"}, "Loneliness"),
    (factories.AssetCategoryFactory, {"name": "Social group"}, "Social group"),
    (factories.CommunityAssetFactory, {"name": "Tuesday Lunch Club"}, "Tuesday Lunch Club"),
    (factories.UserFactory, {"first_name": "Cora", "last_name": "Cole"}, "Cora Cole"),
    (factories.PersonFactory, {"first_name": "Rita", "last_name": "Reed"}, "Rita Reed"),
    (factories.ClosingReasonFactory, {"name": "Goals met"}, "Goals met"),
    (
        factories.IntroductionFactory,
        {"person__first_name": "Rita", "person__last_name": "Reed"},
        "Rita Reed — introduced 26/05/2026",
    ),
    (factories.SupportLevelChangeFactory, {}, "Walking alongside from 15/06/2026"),
    (factories.ContactFactory, {"mode": "phone"}, "Phone on 05/06/2026"),
    (
        factories.ConnectionFactory,
        {"person__first_name": "Rita", "person__last_name": "Reed", "asset__name": "Men's Shed"},
        "Rita Reed ↔ Men's Shed (Suggested)",
    ),
    (factories.OutcomeTypeFactory, {"name": "Eviction prevented"}, "Eviction prevented"),
    (
        factories.OutcomeFactory,
        {"outcome_type__name": "Eviction prevented", "quantity": 2},
        "Eviction prevented × 2",
    ),
    (factories.OutcomeStoryFactory, {"title": "Back at the allotment"}, "Back at the allotment"),
    (factories.WellbeingCheckFactory, {}, "Wellbeing check on 14/06/2026"),
    (RetentionRunFactory, {"dry_run": True, "count": 3}, "Dry run: 3 people"),
    (
        CaseloadTransferFactory,
        {
            "person__first_name": "Rita",
            "person__last_name": "Reed",
            "from_coordinator__first_name": "Cora",
            "to_coordinator__first_name": "Colin",
        },
        "Rita Reed: Cora Worker → Colin Worker",
    ),
    (
        PersonMoveFactory,
        {
            "person__first_name": "Rita",
            "person__last_name": "Reed",
            "person__locality__name": "Riverside",
            "to_locality__name": "Hilltop",
        },
        "Rita Reed: Riverside → Hilltop on 15/06/2026",
    ),
]


@pytest.mark.parametrize(
    ("factory", "kwargs", "expected"), STR_CASES, ids=[c[0]._meta.model.__name__ for c in STR_CASES]
)
def test_model_str_reads_as_a_name(db, factory, kwargs, expected):
    instance = factory(**kwargs)

    assert type(instance).__str__ is not models.Model.__str__
    assert str(instance) == expected


def test_user_without_a_full_name_reads_as_their_username(db):
    user = factories.UserFactory(username="cora", first_name="", last_name="")

    assert str(user) == "cora"


def test_every_model_in_the_apps_has_a_str_case():
    assert {case[0]._meta.model for case in STR_CASES} == set(project_models())
