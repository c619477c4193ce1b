"""The impact report draws its charts on the server and downloads as a PDF."""

import datetime as dt

import pytest
from django.urls import reverse

from reporting.pdf import pdf_available
from tests import factories


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


@pytest.mark.skipif(
    not pdf_available(), reason="WeasyPrint needs Pango (apt-get install libpango-1.0-0)"
)
def test_report_downloads_as_a_pdf(client_for, manager, outcome):
    response = client_for(manager).get(reverse("reporting:report"), {"format": "pdf"})

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "lac-impact-report.pdf" in response["Content-Disposition"]


def test_coordinators_get_no_pdf(client_for, coordinator, outcome):
    response = client_for(coordinator).get(reverse("reporting:report"), {"format": "pdf"})

    assert response.status_code == 403
