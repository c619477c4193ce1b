"""One generator for the demo and the data tiers: a world in (`demo.world`), its rows out
through a writer. The demo and tier M go through the ORM writer, tier L through COPY.

The world is laid out from one seeded generator, so two runs on the same day write the
same rows.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import date

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection

from demo.community import community_work, stories
from demo.copy_writer import CopyWriter
from demo.history import History
from demo.places import settle
from demo.world import SEED, Calendar, World
from demo.writers import OrmWriter, Writer


def build(world: World, *, today: date, log: Callable[[str], None] = lambda line: None) -> Writer:
    """Write a whole world ending today. Call inside one transaction."""
    rng = random.Random(SEED)
    out = CopyWriter() if world.copy else OrmWriter()
    oldest = max([world.rhythm.history_days, *(place.lac_started_ago for place in world.places)])
    calendar = Calendar(today, oldest)
    lap = Laps(log)
    setting = settle(world, out=out, rng=rng, calendar=calendar)
    lap("localities, team and assets")
    history = History(world, setting, out=out, rng=rng, calendar=calendar)
    for local in setting.places:
        for _ in range(local.people):
            history.person(local)
    lap("people and their history")
    community_work(history)
    stories(history)
    lap("community work and stories")
    out.finish()
    lap("last batches and sequences")
    return out


class Laps:
    """Logs the time since the last lap, one line a step."""

    def __init__(self, log: Callable[[str], None]) -> None:
        self.log, self.mark = log, time.monotonic()

    def __call__(self, label: str) -> None:
        now = time.monotonic()
        self.log(f"  {label:<34} {now - self.mark:7.1f} s")
        self.mark = now


def world_tables() -> list[str]:
    """Every table a world fills, and those that point at its users (sessions, sign-ins,
    the audit trail, form tokens). Not the role groups and their permissions, made by
    migrations, nor Django's content types."""
    kept = {m._meta.db_table for m in (Group, Group.permissions.through, Permission, ContentType)}
    existing = set(connection.introspection.table_names())
    tables = {
        model._meta.db_table: None
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    return [table for table in tables if table in existing and table not in kept]


def empty_world() -> None:
    """Empty every world table at once (TRUNCATE on PostgreSQL), ids starting again at 1."""
    statements = connection.ops.sql_flush(
        no_style(), world_tables(), reset_sequences=True, allow_cascade=True
    )
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgresql:
            # Rows inserted earlier in this transaction leave deferred foreign-key checks
            # pending, and PostgreSQL refuses to TRUNCATE under them: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for sql in statements:
            cursor.execute(sql)
        if postgresql:
            # Back to checking at commit, as Django declares its foreign keys, for the rest
            # of the transaction: a writer may send a row before the row it points to.
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
