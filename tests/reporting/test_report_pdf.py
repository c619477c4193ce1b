"""The impact report draws its charts on the server and downloads as a PDF."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from coordinators.models import User
from localities.models import Locality
from reporting.pdf import html_to_document, html_to_pdf, pdf_available
from tests import factories

needs_pdf = pytest.mark.skipif(
    not pdf_available(), reason="WeasyPrint needs Pango (apt-get install libpango-1.0-0)"
)


@pytest.fixture
def outcome(person):
    kind = factories.OutcomeTypeFactory(name="Joined a group")
    return factories.OutcomeFactory(
        person=person,
        outcome_type=kind,
        quantity=3,
        achieved_on=dt.date.today() - dt.timedelta(days=5),
    )


def test_report_draws_charts_as_svg_without_scripts(client_for, manager, outcome):
    response = client_for(manager).get(reverse("reporting:report"))

    page = response.content.decode()
    chart = page.split('aria-label="Bar chart of outcomes')[1].split("</svg>")[0]
    assert "Joined a group" in chart
    assert ">3</text>" in chart
    assert "chart.umd" not in page


@needs_pdf
def test_report_downloads_as_a_pdf(client_for, manager, outcome):
    response = client_for(manager).get(
        reverse("reporting:report"), {"format": "pdf", "period": "fy:2025"}
    )

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    # The file name says what it covers, as the CSV files' names do.
    assert response["Content-Disposition"] == (
        'attachment; filename="lac-all-my-localities-2025-26-impact-report.pdf"'
    )


def _pdf_text(text: str) -> bytes:
    """`text` as a PDF string: UTF-16 in hexadecimal when it is not plain ASCII."""
    if text.isascii():
        return f"({text})".encode()
    return b"<" + ("\ufeff" + text).encode("utf-16-be").hex().encode() + b">"


@needs_pdf
def test_the_pdf_has_real_headings_and_a_text_alternative_for_each_chart(
    client_for, manager, outcome
):
    html = client_for(manager).get(reverse("reporting:report")).content.decode()

    pdf = html_to_pdf(html, base_url="http://testserver/", uncompressed_pdf=True)

    assert pdf.count(b"/S /H1") == 1
    assert pdf.count(b"/S /H2") >= 7
    described = "Bar chart of outcomes by level and type; Individual and family · Joined a group: 3"
    assert b"/Alt " + _pdf_text(described) in pdf


def test_coordinators_get_no_pdf(client_for, coordinator, outcome):
    response = client_for(coordinator).get(reverse("reporting:report"), {"format": "pdf"})

    assert response.status_code == 403


# A typical locality year, from the demo: the A4 report a commissioner is sent.

TYPICAL_YEAR = {"period": "fy:2025"}


@pytest.fixture
def demo_locality_year(db, frozen_today, client_for):
    """The demo built with today in June 2026, so financial year 2025/26 is all in it;
    a manager of every locality, and the report's choices for Hartsmere Town's year."""
    call_command("demo", stdout=io.StringIO())
    manager = User.objects.get(username="manager2")
    hartsmere = Locality.objects.get(name="Hartsmere Town")
    return client_for(manager), {"scope": f"locality:{hartsmere.pk}", **TYPICAL_YEAR}


@needs_pdf
@pytest.mark.parametrize("frozen_today", [dt.date(2026, 6, 1)], indirect=True)
def test_a_typical_locality_year_fits_on_six_a4_pages(demo_locality_year):
    client, choices = demo_locality_year

    html = client.get(reverse("reporting:report"), choices).content.decode()
    document = html_to_document(html, base_url="http://testserver/")

    assert 2 <= len(document.pages) <= 6
    width, height = document.pages[0].width, document.pages[0].height
    assert (round(width * 25.4 / 96), round(height * 25.4 / 96)) == (210, 297)  # A4, in mm
