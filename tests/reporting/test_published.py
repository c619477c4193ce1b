"""Published impact reports: frozen as shown, verifiable, corrections shown beside them,
withdrawn consent honoured, and scoped like everything else.

Built on the hand-worked Riverside dataset (conftest.py), financial year 2025/26.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.db import IntegrityError
from django.urls import reverse

from lac.admin_mixins import ScopedAdminMixin
from localities.models import Locality
from outcomes.models import Consent, Outcome, OutcomeStory
from people.models import RetentionRun
from people.retention import person_anonymise
from reporting import tables
from reporting.figures import Figures
from reporting.models import PublishedReport, ValueSettings
from reporting.periods import Scope
from reporting.publish import (
    canonical_json,
    checksum_of,
    load_snapshot,
    plain,
    published_report_create,
)
from reporting.registry import REGISTRY
from reporting.report_views import REPORT_CHARTS
from tests import factories
from tests.test_admin import admin_url

from .conftest import FY

pytestmark = pytest.mark.usefixtures("frozen_today")

REPORT = reverse("reporting:report")
PUBLISH = reverse("reporting:published_new")
LIST = reverse("reporting:published_list")
TOKEN = re.compile(r'<input type="hidden" name="form_token" value="([^"]*)">')
HIDDEN = re.compile(r'<input type="hidden" name="(scope|period|start|end)" value="([^"]*)">')


def riverside_query(locality) -> dict:
    return {"scope": f"locality:{locality.pk}", "period": "fy:2025"}


def publish_form(client, query: dict) -> dict:
    """What the report page's "Publish this report" form sends, as the browser has it."""
    page = client.get(REPORT, query).content.decode()
    form = page.split('aria-label="Publish this report"')[1].split("</form>")[0]
    return {**dict(HIDDEN.findall(form)), "form_token": TOKEN.findall(form)[0]}


def frozen(rows) -> list:
    """Rows as a snapshot holds them: through the same canonical JSON."""
    return load_snapshot(canonical_json(plain(rows)))


def detail(report: PublishedReport) -> str:
    return reverse("reporting:published_detail", args=[report.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def story(dataset) -> OutcomeStory:
    """A featured story B agreed to share with their name: printed in the report."""
    return factories.OutcomeStoryFactory(
        person=dataset["B"],
        title="Back at the allotment",
        text="B grows beans again, and brings some to the lunch club.",
        consent=Consent.NAMED,
        featured=True,
        told_on=dt.date(2025, 11, 5),
    )


def printed(snapshot_or_page: dict | str, title: str = "Back at the allotment") -> bool:
    if isinstance(snapshot_or_page, str):
        return title in snapshot_or_page
    return title in [story["title"] for story in snapshot_or_page["stories"]]


@pytest.fixture
def published(client_for, manager, dataset, story, locality) -> PublishedReport:
    client = client_for(manager)
    response = client.post(PUBLISH, publish_form(client, riverside_query(locality)))
    report = PublishedReport.objects.get()
    assert response.url == detail(report)
    return report


@pytest.fixture
def hilltop_manager(other_locality):
    return factories.ManagerFactory(username="hal", first_name="Hal", localities=[other_locality])


# Publishing freezes what the report showed


def test_the_report_page_offers_to_publish_its_scope_and_period(client_for, manager, locality):
    form = publish_form(client_for(manager), riverside_query(locality))

    assert {key: form[key] for key in ("scope", "period")} == riverside_query(locality)
    assert len(form["form_token"]) == 32


def test_publishing_freezes_the_figures_and_stories_the_report_showed(
    client_for, manager, locality, dataset, story, riverside_fy
):
    client = client_for(manager)
    shown = client.get(REPORT, riverside_query(locality)).context

    response = client.post(PUBLISH, publish_form(client, riverside_query(locality)))

    report = PublishedReport.objects.get()
    snapshot = load_snapshot(report.snapshot)
    by_key = {table["key"]: table for table in snapshot["tables"]}
    assert list(by_key) == [
        "summary",
        "summary_previous",
        *REPORT_CHARTS,
        "wellbeing",
        "value_types",
        "value",
        "value_sensitivity",
    ]
    assert by_key["summary"]["rows"] == frozen(shown["summary"].rows)
    # The tiles' previous equal period, frozen beside the period itself.
    before = dict(by_key["summary_previous"]["rows"])
    assert [before[tile.name] for tile in shown["key_tiles"]] == frozen(
        [tile.previous for tile in shown["key_tiles"]]
    )
    assert by_key["summary_previous"]["title"] == f"Headline figures, {shown['previous_label']}"
    for key in REPORT_CHARTS:
        assert by_key[key]["rows"] == frozen(tables.BUILDERS[key](Figures(riverside_fy)).rows)
    assert by_key["wellbeing"]["rows"] == frozen(shown["wellbeing_table"].rows)
    assert by_key["value_types"]["rows"] == frozen(shown["types_table"].rows)
    assert by_key["value"]["rows"] == frozen(shown["value_table"].rows)
    summary = dict(by_key["summary"]["rows"])
    assert summary[REGISTRY["introductions"].name] == 4
    assert summary[REGISTRY["people_supported"].name] == 4
    assert snapshot["stories"] == [
        {
            "pk": shared.pk,
            "title": shared.title,
            "text": shared.text,
            "level": shared.level,
            "told_on": shared.told_on.isoformat(),
            "attribution": shared.attribution,
            "consent": OutcomeStory.objects.get(pk=shared.pk).consent,
            "locality": "Riverside",
        }
        for shared in shown["stories"]
    ]
    assert {
        "pk": story.pk,
        "title": "Back at the allotment",
        "text": "B grows beans again, and brings some to the lunch club.",
        "level": "Individual and family",
        "told_on": "2025-11-05",
        "attribution": "B Riverside, Riverside",
        "consent": "named",
        "locality": "Riverside",
    } in snapshot["stories"]
    assert snapshot["scope"] == {
        "label": "Riverside",
        "localities": [[locality.pk, "Riverside"]],
        "period": FY.label,
        "start": "2025-04-01",
        "end": "2026-03-31",
    }
    assert snapshot["published"] == {"at": "2026-06-15T11:00:00+00:00", "by": str(manager)}
    assert snapshot["app_version"] == report.app_version == "0.1.0"
    assert snapshot["withdrawn"] == []
    assert (report.published_by, list(report.localities.all())) == (manager, [locality])
    assert (report.start, report.end, report.period_label) == (FY.start, FY.end, FY.label)
    assert messages_of(response) == [
        f"Published: Impact report: Riverside, {FY.label}. This page will always show it as now."
    ]


def test_the_featured_stories_count_is_the_stories_printed(
    client_for, manager, dataset, story, locality, other_locality
):
    # Told in Riverside about someone now in Hilltop: counted there, not printed for
    # a manager of Riverside alone.
    moved = factories.PersonFactory(first_name="Moira", locality=other_locality)
    factories.OutcomeStoryFactory(
        person=moved,
        locality=locality,
        title="Moira's move",
        consent=Consent.NAMED,
        featured=True,
        told_on=dt.date(2025, 12, 1),
    )
    client = client_for(manager)
    shown = client.get(REPORT, riverside_query(locality)).context

    client.post(PUBLISH, publish_form(client, riverside_query(locality)))

    snapshot = load_snapshot(PublishedReport.objects.get().snapshot)
    featured = REGISTRY["featured_stories"].name
    # Rita's garden (shared anonymised) and B's story are printed; Moira's is not.
    assert dict(snapshot["tables"][0]["rows"])[featured] == len(snapshot["stories"]) == 2
    assert dict(shown["summary"].rows)[featured] == 2
    assert (
        REGISTRY["featured_stories"].compute(
            Figures(Scope(Locality.objects.filter(pk=locality.pk), FY))
        )
        == 3
    )


def test_the_method_settings_used_for_value_are_frozen(published):
    method = load_snapshot(published.snapshot)["method"]
    settings = dict(method["settings"])

    assert (settings["Deadweight (%)"], settings["Attribution (%)"]) == (25, 30)
    assert settings["Discount rate (%)"] == Decimal("3.5")
    assert settings["Value of one WELLBY (£)"] == 13000
    # The estimate's workings, as worked out then, for a reader who wants them all.
    assert method["value"]["cost"] == Decimal("1825.00")


def test_a_changed_method_setting_is_listed_beside_the_figures_it_moved(
    client_for, manager, published
):
    ValueSettings.objects.create(deadweight_pct=Decimal("30"))

    response = client_for(manager).get(detail(published))

    comparison = response.context["comparison"]
    assert [(c.row, c.published, c.now) for c in comparison.settings] == [
        ("Deadweight (%)", Decimal("25.00"), Decimal("30.00"))
    ]
    assert "deadweight (%) 25.00 then, 30.00 now" in response.content.decode()


def test_saving_the_settings_unchanged_changes_nothing(client_for, manager, published):
    ValueSettings.current().save()

    response = client_for(manager).get(detail(published))

    assert response.context["comparison"].settings == []
    assert response.context["comparison"].figures == []


def test_a_report_of_all_my_localities_names_them(client_for, manager, dataset):
    client = client_for(manager)

    client.post(PUBLISH, publish_form(client, {"scope": "all", "period": "fy:2025"}))

    report = PublishedReport.objects.get()
    assert report.scope_label == "Riverside"
    assert load_snapshot(report.snapshot)["title"] == (
        "Local Area Coordination impact report: Riverside"
    )


def test_the_checksum_is_the_sha256_of_the_json_anyone_can_download(client_for, manager, published):
    response = client_for(manager).get(detail(published), {"format": "json"})

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert hashlib.sha256(response.content).hexdigest() == published.checksum
    assert published.checksum == published.published_checksum == checksum_of(published.snapshot)
    # Read back and written again, the JSON is the same bytes: the checksum is stable.
    assert canonical_json(load_snapshot(published.snapshot)) == published.snapshot


def test_the_same_report_published_at_the_same_moment_has_the_same_checksum(manager, riverside_fy):
    first = published_report_create(scope=riverside_fy, by=manager)
    second = published_report_create(scope=riverside_fy, by=manager)

    assert first.pk != second.pk
    assert first.checksum == second.checksum


def test_the_published_page_shows_the_frozen_figures_and_checksum(client_for, manager, published):
    response = client_for(manager).get(detail(published))

    content = response.content.decode()
    assert published.checksum in content
    assert printed(content)
    assert (
        response.context["sections"]["Headline figures"][0].rows
        == (load_snapshot(published.snapshot)["tables"][0]["rows"])
    )
    assert "Changed since publication: 0 figures" in content
    assert response.context["comparison"].figures == []


def test_publishing_is_audited(manager, published):
    entry = LogEntry.objects.get_for_object(published).get()

    assert (entry.action, entry.actor, entry.changes_dict) == (
        LogEntry.Action.CREATE,
        manager,
        {"checksum": [None, published.checksum]},
    )


# Corrections show beside the published figures, never instead of them


def test_a_corrected_outcome_shows_as_changed_since_publication(
    client_for, manager, published, riverside_fy
):
    outcome = Outcome.objects.get(outcome_type__name="More confident")
    published_snapshot = published.snapshot
    headlines_then = dict(tables.summary(Figures(riverside_fy)).rows)

    client = client_for(manager)
    client.post(
        reverse("outcomes:outcome_edit", args=[outcome.pk]),
        {
            "outcome_type": outcome.outcome_type_id,
            "achieved_on": outcome.achieved_on.isoformat(),
            "quantity": 4,
            "note": outcome.note,
            "version": outcome.version,
        },
    )
    response = client.get(detail(published))

    headlines_now = dict(tables.summary(Figures(riverside_fy)).rows)
    moved = [
        ("Headline figures", name, "Value", then, headlines_now[name])
        for name, then in headlines_then.items()
        if then != headlines_now[name]
    ]
    assert moved  # the correction moved a headline figure: outcomes counted
    changes = [
        (c.table, c.row, c.column, c.published, c.now)
        for c in response.context["comparison"].figures
    ]
    assert changes == [
        *moved,
        (
            REGISTRY["outcomes_by_type"].name,
            "Individual and family · More confident",
            "Outcomes",
            3,
            4,
        ),
        ("Outcomes valued", "More confident", "Outcomes", 3, 4),
    ]
    content = response.content.decode()
    assert f"Changed since publication: {len(changes)} figures" in content
    # The published figures stay as they were.
    published.refresh_from_db()
    assert published.snapshot == published_snapshot
    assert dict(response.context["sections"]["Headline figures"][0].rows) == frozen(headlines_then)


# Withdrawn consent beats reproducibility


def test_withdrawing_consent_takes_the_story_out_of_published_reports(
    client_for, manager, published, story
):
    client = client_for(manager)

    client.post(
        reverse("outcomes:story_edit", args=[story.pk]),
        {
            "title": story.title,
            "text": story.text,
            "level": story.level,
            "consent": Consent.NONE,
            "told_on": story.told_on.isoformat(),
            "version": story.version,
        },
    )

    # Gone from what is stored at once, before anyone opens the report.
    published.refresh_from_db()
    snapshot = load_snapshot(published.snapshot)
    assert not printed(snapshot)
    assert snapshot["withdrawn"] == [{"on": "2026-06-15"}]
    assert story.text not in published.snapshot
    assert published.checksum == checksum_of(published.snapshot)
    assert published.published_checksum != published.checksum
    response = client.get(detail(published))
    content = response.content.decode()
    assert story.pk not in [shown["pk"] for shown in response.context["stories"]]
    assert story.text not in content
    assert "One story was withdrawn on 15 June 2026." in content
    assert published.published_checksum in content
    assert published.checksum in content
    # The report now prints one story fewer: said, beside the count as published.
    featured = REGISTRY["featured_stories"].name
    assert [
        (c.table, c.row, c.published, c.now) for c in response.context["comparison"].figures
    ] == [("Headline figures", featured, 2, 1)]


def test_a_story_anonymised_by_the_retention_run_leaves_when_the_report_is_next_shown(
    client_for, manager, administrator, published, dataset
):
    # The retention run updates rows in bulk, round the story's save.
    person_anonymise(
        person=dataset["B"], run=RetentionRun.objects.create(count=1, by=administrator)
    )
    published.refresh_from_db()
    assert printed(load_snapshot(published.snapshot))  # the bulk update went round

    content = client_for(manager).get(detail(published)).content.decode()

    published.refresh_from_db()
    assert not printed(load_snapshot(published.snapshot))
    assert "B Riverside" not in published.snapshot
    assert not printed(content)
    assert "One story was withdrawn on 15 June 2026." in content


def test_consent_narrowed_from_named_to_anonymised_takes_a_named_story_out(
    manager, riverside_fy, locality
):
    norah = factories.PersonFactory(first_name="Norah", last_name="Named", locality=locality)
    story = factories.OutcomeStoryFactory(
        person=norah,
        title="A new allotment",
        consent=Consent.NAMED,
        featured=True,
        told_on=dt.date(2025, 10, 5),
    )
    report = published_report_create(scope=riverside_fy, by=manager)
    assert [s["attribution"] for s in load_snapshot(report.snapshot)["stories"]][-1] == (
        "Norah Named, Riverside"
    )

    story.consent = Consent.ANONYMISED
    story.save()

    report.refresh_from_db()
    assert "Norah" not in report.snapshot
    assert not printed(load_snapshot(report.snapshot), "A new allotment")
    assert load_snapshot(report.snapshot)["withdrawn"] == [{"on": "2026-06-15"}]


def test_a_deleted_story_leaves_published_reports(published, story):
    story.delete()

    published.refresh_from_db()
    assert not printed(load_snapshot(published.snapshot))
    assert story.text not in published.snapshot


def test_a_person_removed_in_error_takes_their_story_out(published, dataset):
    dataset["B"].delete()  # their stories go with them

    published.refresh_from_db()
    assert not printed(load_snapshot(published.snapshot))


def test_a_story_still_shared_stays_as_printed(published, story):
    story.title = "Back at the allotment, corrected"
    story.save()

    published.refresh_from_db()
    assert published.checksum == published.published_checksum
    assert printed(load_snapshot(published.snapshot))


# One tap, one publication


def test_the_publish_form_sent_twice_publishes_once(client_for, manager, dataset, locality):
    client = client_for(manager)
    data = publish_form(client, riverside_query(locality))

    first = client.post(PUBLISH, data)
    second = client.post(PUBLISH, data)

    report = PublishedReport.objects.get()
    assert first.url == second.url == detail(report)
    assert messages_of(second)[-1] == "This was already saved."


# Bad input


def test_publishing_a_locality_not_covered_is_refused_with_a_message(
    client_for, manager, dataset, other_locality
):
    client = client_for(manager)
    data = {"scope": f"locality:{other_locality.pk}", "period": "fy:2025", "form_token": "t" * 32}

    response = client.post(PUBLISH, data)

    assert PublishedReport.objects.count() == 0
    assert response.url == f"{REPORT}?scope=locality%3A{other_locality.pk}&period=fy%3A2025"
    assert messages_of(response)[0].startswith("Not published: choose localities you cover")


def test_publishing_bad_custom_dates_goes_back_with_what_was_typed(client_for, manager, dataset):
    data = {"scope": "all", "period": "custom", "start": "2026-01-01", "end": "2025-01-01"}

    response = client_for(manager).post(PUBLISH, data)

    assert PublishedReport.objects.count() == 0
    assert response.url == f"{REPORT}?scope=all&period=custom&start=2026-01-01&end=2025-01-01"
    assert messages_of(response) == [
        "Not published: choose localities you cover and a period. "
        "The start date must be on or before the end date."
    ]


def test_a_period_must_not_end_before_it_starts(manager):
    with pytest.raises(IntegrityError):
        PublishedReport.objects.create(
            scope_label="x",
            start=dt.date(2025, 2, 1),
            end=dt.date(2025, 1, 1),
            period_label="x",
            published_by=manager,
            app_version="0",
            snapshot="{}",
            checksum="0" * 64,
            published_checksum="0" * 64,
        )


# Who may read a published report


def test_a_manager_of_another_locality_gets_a_404(client_for, hilltop_manager, published):
    client = client_for(hilltop_manager)

    for query in ({}, {"format": "json"}, {"format": "pdf"}):
        response = client.get(detail(published), query)
        assert response.status_code == 404
        assert not printed(response.content.decode())
    assert client.get(LIST).context["page"].object_list == []


def test_coordinators_cannot_read_published_reports(client_for, coordinator, published):
    assert client_for(coordinator).get(detail(published)).status_code == 403
    assert client_for(coordinator).get(LIST).status_code == 403


def test_a_report_covering_a_locality_the_manager_does_not_cover_is_hidden(
    client_for, manager, hilltop_manager, dataset, locality, other_locality
):
    regional = factories.ManagerFactory(username="reg", covers_all_localities=True)
    both = published_report_create(scope=Scope(Locality.objects.all(), FY), by=regional)
    theirs = published_report_create(
        scope=Scope(Locality.objects.filter(pk=other_locality.pk), FY, "Hilltop"),
        by=hilltop_manager,
    )
    mine = published_report_create(
        scope=Scope(Locality.objects.filter(pk=locality.pk), FY, "Riverside"), by=manager
    )
    client = client_for(manager)

    listed = client.get(LIST)

    assert listed.context["page"].object_list == [mine]
    assert "Hilltop" not in listed.content.decode()
    assert client.get(detail(both)).status_code == 404
    assert client.get(detail(theirs)).status_code == 404
    assert client_for(regional).get(LIST).context["page"].object_list == [mine, theirs, both]


@pytest.mark.parametrize("n", [1, 3])
def test_the_list_reads_in_a_fixed_number_of_queries(
    client_for, manager, riverside_fy, django_assert_num_queries, n
):
    for _ in range(n):
        published_report_create(scope=riverside_fy, by=manager)
    client = client_for(manager)

    # Session and user, two for permissions, the page of reports, all their localities,
    # and the session saved (a savepoint, the update, its release): none per report.
    with django_assert_num_queries(9):
        response = client.get(LIST)

    assert len(response.context["page"].object_list) == n


def test_the_published_pdf_is_of_the_frozen_report(client_for, manager, published):
    from reporting.pdf import pdf_available

    if not pdf_available():
        pytest.skip("WeasyPrint needs Pango")
    response = client_for(manager).get(detail(published), {"format": "pdf"})

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert (
        f"impact-report-{published.pk}-{published.checksum[:12]}.pdf"
        in (response["Content-Disposition"])
    )


# The admin: read only, and scoped like the app should a role ever be given it


def test_a_superuser_reads_published_reports_in_the_admin_and_changes_nothing(
    admin_client, published
):
    listed = admin_client.get(admin_url(PublishedReport, "changelist"))
    shown = admin_client.get(admin_url(PublishedReport, "change", published.pk))

    assert list(listed.context["cl"].result_list) == [published]
    assert published.checksum in shown.content.decode()
    assert admin_client.get(admin_url(PublishedReport, "add")).status_code == 403
    assert admin_client.get(admin_url(PublishedReport, "delete", published.pk)).status_code == 403
    assert admin_client.post(admin_url(PublishedReport, "change", published.pk)).status_code == 403


def test_administrators_are_not_given_published_reports(client_for, administrator, published):
    response = client_for(administrator).get(admin_url(PublishedReport, "changelist"))

    assert response.status_code == 403


def test_in_the_admin_a_report_is_seen_only_by_who_covers_all_its_localities(
    client_for, manager, hilltop_manager, dataset, locality, other_locality
):
    mine = published_report_create(
        scope=Scope(Locality.objects.filter(pk=locality.pk), FY), by=manager
    )
    both = published_report_create(scope=Scope(Locality.objects.all(), FY), by=manager)
    lena = factories.AdministratorFactory(
        username="lena", covers_all_localities=False, localities=[locality]
    )
    lena.user_permissions.add(Permission.objects.get(codename="view_publishedreport"))
    client = client_for(lena)

    listed = client.get(admin_url(PublishedReport, "changelist"))

    assert isinstance(admin.site._registry[PublishedReport], ScopedAdminMixin)
    assert list(listed.context["cl"].result_list) == [mine]
    assert client.get(admin_url(PublishedReport, "change", both.pk)).status_code == 404
    assert client.get(admin_url(PublishedReport, "change", mine.pk)).status_code == 200


def test_the_menu_leads_managers_to_published_reports(client_for, manager, coordinator):
    menu_link = f'href="{reverse("reporting:published_list")}">Published reports</a>'

    for_manager = client_for(manager).get(reverse("reporting:dashboard")).content.decode()
    for_coordinator = client_for(coordinator).get(reverse("people:caseload")).content.decode()

    assert menu_link in for_manager
    assert menu_link not in for_coordinator
