"""Personas shared by every test: two localities, the people who work in them."""

import datetime as dt
from contextlib import ExitStack
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import FieldFetchBlocked
from django.db.models import query
from django.db.models.fetch_modes import FetchPeers

from tests import factories


def pytest_configure(config):
    # Tests render templates without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix, tmp_path_factory, worker_id
):
    """Test SQLite on a file, never in memory.

    Django shares one in-memory connection with every thread of the live server, so two
    requests a browser makes at once (a page and its favicon, say) interleave their
    savepoints on it and fail at random. A file gives each thread its own connection, as
    in production. PostgreSQL keeps pytest-django's own per-worker names.
    """
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        path = tmp_path_factory.getbasetemp() / f"lac-test-{worker_id}.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(path)


@pytest.fixture
def locality(db):
    return factories.LocalityFactory(name="Riverside", district="North District")


@pytest.fixture
def other_locality(db):
    return factories.LocalityFactory(name="Hilltop", district="South District")


@pytest.fixture
def coordinator(locality):
    return factories.CoordinatorFactory(username="cora", first_name="Cora", localities=[locality])


@pytest.fixture
def colleague(locality):
    """Another coordinator in the same locality."""
    return factories.CoordinatorFactory(username="colin", first_name="Colin", localities=[locality])


@pytest.fixture
def outsider(other_locality):
    """A coordinator in another locality: must never see Riverside's people."""
    return factories.CoordinatorFactory(
        username="olive", first_name="Olive", localities=[other_locality]
    )


@pytest.fixture
def manager(locality):
    return factories.ManagerFactory(username="mina", first_name="Mina", localities=[locality])


@pytest.fixture
def administrator(db):
    return factories.AdministratorFactory(username="ada", first_name="Ada")


@pytest.fixture
def person(locality, coordinator):
    return factories.PersonFactory(
        first_name="Rita", last_name="Riverside", locality=locality, lead_coordinator=coordinator
    )


@pytest.fixture
def outsider_person(other_locality, outsider):
    """Someone in the other locality, with a marker name to search for in responses."""
    return factories.PersonFactory(
        first_name="Hidden",
        last_name="Hilltopper",
        locality=other_locality,
        lead_coordinator=outsider,
    )


@pytest.fixture
def frozen_today(request):
    """Stop the clock at noon in London on the factories' TODAY, and yield that date.

    The one way tests fix "today": every `timezone.now()`/`localdate()` in the app sees
    it, so no test patches a module's `timezone`. Noon keeps the date the same in UTC
    and in London. Parametrize it indirectly to freeze another date.
    """
    today: dt.date = getattr(request, "param", factories.TODAY)
    noon = dt.datetime.combine(today, dt.time(12), tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(noon, tick=False):
        yield today


@pytest.fixture
def client_for(client):
    """Log a persona in and return the test client."""

    def login(user):
        client.force_login(user)
        return client

    return login


class _RaiseOnNPlusOne(FetchPeers):
    """Lazy loads on a lone instance are fine; on one of many rows it is an N+1."""

    __slots__ = ()

    def fetch(self, fetcher, instance):
        peers = [p for ref in instance._state.peers if (p := ref()) is not None]
        if len(peers) > 1:
            raise FieldFetchBlocked(
                f"N+1: {type(instance).__qualname__}.{fetcher.field.name} fetched lazily "
                f"for one of {len(peers)} rows; add select_related/prefetch_related."
            )
        fetcher.fetch_one(instance)


@pytest.fixture(autouse=True)
def _fail_on_n_plus_one(monkeypatch):
    monkeypatch.setattr(query, "DEFAULT_FETCH_MODE", _RaiseOnNPlusOne())


class _QueryDuringRender(AssertionError):
    pass


def _block_queries(execute, sql, params, many, context):
    raise _QueryDuringRender(f"Query while a template renders: {sql[:200]}")


@pytest.fixture(autouse=True)
def _no_queries_while_rendering(monkeypatch):
    """Views hand templates finished data: a query during rendering is a hidden N+1."""
    from django.db import connections
    from django.template.backends.django import Template

    original = Template.render

    ours = str(settings.BASE_DIR / "templates")

    def render(self, context=None, request=None):
        # Only our own pages; the Django admin's templates are Django's business.
        if not str(getattr(self.origin, "name", "")).startswith(ours):
            return original(self, context, request)
        with ExitStack() as stack:
            for alias in connections:
                stack.enter_context(connections[alias].execute_wrapper(_block_queries))
            return original(self, context, request)

    monkeypatch.setattr(Template, "render", render)
