"""Security headers on a page showing personal data."""

import re

from django.urls import reverse


def test_person_page_is_not_stored_by_browsers_or_proxies(client_for, coordinator, person):
    response = client_for(coordinator).get(person.get_absolute_url())

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_subject_access_export_is_not_stored(client_for, manager, person):
    response = client_for(manager).get(
        reverse("people:person_subject_access", args=[person.pk]) + "?format=json"
    )

    assert "no-store" in response["Cache-Control"]


def test_person_page_has_csp_with_a_nonce_used_by_its_scripts(client_for, coordinator, person):
    response = client_for(coordinator).get(person.get_absolute_url())

    csp = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    assert "script-src 'self' 'nonce-" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert f'nonce="{nonce}"' in response.text


def test_person_page_nonce_changes_every_response(client_for, coordinator, person):
    client = client_for(coordinator)

    first = client.get(person.get_absolute_url())["Content-Security-Policy"]
    second = client.get(person.get_absolute_url())["Content-Security-Policy"]

    assert first != second


def test_person_page_has_nosniff_referrer_policy_and_frame_denial(client_for, coordinator, person):
    response = client_for(coordinator).get(person.get_absolute_url())

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
