"""Login protection (django-axes) and session lifetime."""

import time

from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse

from lac.middleware import SESSION_LOGIN_AT

PASSWORD = "correct-horse-battery"  # the factories' password


def _fail(client, username, ip="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": "wrong"}, REMOTE_ADDR=ip
    )


def test_login_locks_out_username_and_ip_after_five_failures(client, coordinator):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _fail(client, "cora").status_code == 200

    locked = _fail(client, "cora")

    assert locked.status_code == 429
    assert "Too many failed log-in attempts" in locked.text
    assert "30 minutes" in locked.text
    assert "cora" in locked.text


def test_login_locked_out_refuses_even_the_right_password(client, coordinator):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, "cora")

    response = client.post(
        reverse("login"), {"username": "cora", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_login_lockout_is_per_username_and_ip(client, coordinator, colleague):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, "cora")

    other_ip = client.post(
        reverse("login"), {"username": "cora", "password": PASSWORD}, REMOTE_ADDR="10.0.0.2"
    )
    client.logout()
    other_user = client.post(
        reverse("login"), {"username": "colin", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )

    assert other_ip.status_code == 302
    assert other_user.status_code == 302


def test_login_lockout_lifts_after_the_cool_off(client, coordinator):
    from axes.models import AccessAttempt

    for _ in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, "cora")
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - (settings.AXES_COOLOFF_TIME * 2)
    )

    response = client.post(
        reverse("login"), {"username": "cora", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )

    assert response.status_code == 302


def test_login_rotates_the_session_key(client, coordinator):
    session = client.session
    session["before_login"] = True
    session.save()
    anonymous_key = session.session_key

    client.post(reverse("login"), {"username": "cora", "password": PASSWORD})

    assert client.session.session_key != anonymous_key
    assert not Session.objects.filter(session_key=anonymous_key).exists()
    assert client.session["_auth_user_id"] == str(coordinator.pk)


def test_session_is_ended_after_absolute_lifetime_however_active(client, coordinator, person):
    client.force_login(coordinator)
    assert client.get(person.get_absolute_url()).status_code == 200
    session = client.session
    session[SESSION_LOGIN_AT] = int(time.time()) - settings.LAC_SESSION_ABSOLUTE_SECONDS - 1
    session.save()

    response = client.get(person.get_absolute_url())

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_session_within_absolute_lifetime_is_kept(client, coordinator, person):
    client.force_login(coordinator)
    session = client.session
    session[SESSION_LOGIN_AT] = int(time.time()) - settings.LAC_SESSION_ABSOLUTE_SECONDS + 60
    session.save()

    assert client.get(person.get_absolute_url()).status_code == 200


def test_session_of_deactivated_user_loses_access_at_once(client, coordinator, person):
    client.force_login(coordinator)
    assert client.get(person.get_absolute_url()).status_code == 200

    coordinator.is_active = False
    coordinator.save()
    response = client.get(person.get_absolute_url())

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_session_inactivity_timeout_is_thirty_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
