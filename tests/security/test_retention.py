"""Retention: people past the period are anonymised; the statistics stay the same."""

import datetime as dt
from io import StringIO

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db.models import Count, Sum

from people.audit import person_log_entries
from people.models import Contact, Introduction, Person, RetentionRun, SupportLevel
from people.retention import anonymise_expired
from tests import factories

TODAY = dt.date(2026, 6, 15)


def _closed_story(person, *, closed_on, support_level=SupportLevel.WALKING_ALONGSIDE):
    """A person's closed episode with a contact, connection, outcome, story and wellbeing."""
    introduction = factories.IntroductionFactory(
        person=person,
        introduced_on=closed_on - dt.timedelta(days=90),
        closed_on=closed_on,
        closing_reason=factories.ClosingReasonFactory(),
        support_level=support_level,
        introducer="Dr Shah, GP",
        what_is_happening="Lost her husband in March",
        next_step="Call her sister",
    )
    introduction.themes.add(factories.ThemeFactory())
    factories.ContactFactory(
        introduction=introduction, contact_on=closed_on, minutes=50, note="Talked about debts"
    )
    factories.ConnectionFactory(person=person, introduction=introduction, note="Nervous")
    factories.OutcomeFactory(person=person, introduction=introduction, note="Landlord agreed")
    factories.OutcomeStoryFactory(person=person, title="Rita's new start", text="Rita goes out")
    factories.WellbeingCheckFactory(person=person, introduction=introduction)
    return introduction


def _figures():
    return {
        "introductions": Introduction.objects.count(),
        "themes": Introduction.themes.through.objects.count(),
        "contacts": Contact.objects.aggregate(n=Count("pk"), minutes=Sum("minutes")),
        "outcomes_by_locality": list(
            Person.objects.values("locality").annotate(n=Count("outcomes")).order_by("locality")
        ),
        "people_by_locality": list(
            Person.objects.values("locality").annotate(n=Count("pk")).order_by("locality")
        ),
    }


def _rita(locality, **extra):
    with set_actor(None):
        return factories.PersonFactory(
            first_name="Rita",
            last_name="Riverside",
            preferred_name="Reet",
            phone="07700 900123",
            email="rita@example.org",
            address="1 Mill Lane",
            postcode="RV1 2AB",
            vision="To see my sister again",
            strengths="Knits beautifully",
            locality=locality,
            **extra,
        )


def test_anonymise_expired_keeps_every_statistic(locality):
    rita = _rita(locality)
    _closed_story(rita, closed_on=dt.date(2019, 1, 1))
    _closed_story(factories.PersonFactory(locality=locality), closed_on=dt.date(2026, 1, 1))
    before = _figures()

    run = anonymise_expired(today=TODAY, dry_run=False, by=None)

    assert run.count == 1
    assert _figures() == before


def test_anonymise_expired_leaves_no_personal_field(locality):
    rita = _rita(locality)
    _closed_story(rita, closed_on=dt.date(2019, 1, 1))
    rita.first_name = "Rita-Mae"
    rita.save()  # An audit diff holding her names in clear.
    rita.stories.update(consent="named", featured=True)

    anonymise_expired(today=TODAY, dry_run=False, by=None)

    rita.refresh_from_db()
    assert (rita.first_name, rita.last_name) == ("Anonymised", f"Person {rita.pk}")
    assert [
        rita.preferred_name, rita.date_of_birth, rita.phone, rita.email,
        rita.address, rita.postcode, rita.vision, rita.strengths,
    ] == ["", None, "", "", "", "", "", ""]  # fmt: skip
    introduction = rita.introductions.get()
    assert (introduction.introducer, introduction.what_is_happening, introduction.next_step) == (
        "",
        "",
        "",
    )
    assert [c.note for c in Contact.objects.filter(introduction__person=rita)] == [""]
    assert [c.note for c in rita.connections.all()] == [""]
    assert [o.note for o in rita.outcomes.all()] == [""]
    assert [(s.title, s.text, s.featured) for s in rita.stories.all()] == [
        ("Anonymised story", "", False)  # nobody's story to print any more
    ]
    assert rita.locality == locality
    assert introduction.themes.count() == 1
    trail = str(list(person_log_entries(rita).values("object_repr", "changes", "serialized_data")))
    for secret in ("Rita", "Riverside", "Reet", "07700", "Mill Lane", "Shah", "sister"):
        assert secret not in trail


def test_anonymise_expired_is_recorded_in_the_trail(locality):
    rita = _rita(locality)
    _closed_story(rita, closed_on=dt.date(2019, 1, 1))

    run = anonymise_expired(today=TODAY, dry_run=False, by=None)

    latest = LogEntry.objects.get_for_object(rita).order_by("-pk").first()
    assert latest.additional_data == {"purpose": "retention anonymisation", "run": run.pk}


def test_anonymise_expired_spares_open_and_recent_people(locality):
    recent = _rita(locality)
    _closed_story(recent, closed_on=dt.date(2021, 1, 1))  # walking alongside: 6 years
    still_open = factories.PersonFactory(locality=locality, first_name="Open")
    _closed_story(still_open, closed_on=dt.date(2018, 1, 1))
    factories.IntroductionFactory(person=still_open)

    run = anonymise_expired(today=TODAY, dry_run=False, by=None)

    assert run.count == 0
    assert set(Person.objects.values_list("first_name", flat=True)) == {"Rita", "Open"}


def test_anonymise_expired_uses_the_shorter_period_for_information_only(locality):
    info_only = _rita(locality)
    _closed_story(info_only, closed_on=dt.date(2024, 1, 1), support_level=SupportLevel.INFORMATION)
    walked = factories.PersonFactory(locality=locality, first_name="Walked")
    _closed_story(walked, closed_on=dt.date(2024, 1, 1))

    anonymise_expired(today=TODAY, dry_run=False, by=None)

    info_only.refresh_from_db()
    walked.refresh_from_db()
    assert (info_only.first_name, walked.first_name) == ("Anonymised", "Walked")


def test_anonymise_expired_command_dry_run_changes_nothing_but_is_recorded(locality):
    rita = _rita(locality)
    _closed_story(rita, closed_on=dt.date(2001, 1, 1))
    admin = factories.AdministratorFactory(username="ada")
    out = StringIO()

    call_command("anonymise_expired", "--dry-run", "--by", "ada", stdout=out)

    rita.refresh_from_db()
    assert rita.first_name == "Rita"
    assert "Would anonymise 1 people." in out.getvalue()
    run = RetentionRun.objects.get()
    assert (run.dry_run, run.count, run.by) == (True, 1, admin)


def test_anonymise_expired_command_anonymises_and_records(locality):
    rita = _rita(locality)
    _closed_story(rita, closed_on=dt.date(2001, 1, 1))

    call_command("anonymise_expired", stdout=StringIO())
    call_command("anonymise_expired", stdout=StringIO())  # Nobody twice.

    rita.refresh_from_db()
    assert rita.first_name == "Anonymised"
    assert list(RetentionRun.objects.order_by("pk").values_list("dry_run", "count")) == [
        (False, 1),
        (False, 0),
    ]
