"""Fill the database at a data tier for benchmarks: S (the demo), M (a large council), L."""

from __future__ import annotations

import argparse
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from coordinators.models import User
from demo import data
from demo.generator import build, empty_world
from demo.world import TIERS
from localities.models import CommunityAsset, Locality
from outcomes.models import Outcome, OutcomeStory, WellbeingCheck
from people.models import Connection, Contact, Introduction, Person, SupportLevelChange

COUNTED = [
    Locality,
    User,
    CommunityAsset,
    Person,
    Introduction,
    SupportLevelChange,
    Contact,
    Connection,
    Outcome,
    OutcomeStory,
    WellbeingCheck,
]


def _fraction(text: str) -> float:
    value = float(text)
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError("--scale is a fraction above 0 and at most 1.")
    return value


class Command(BaseCommand):
    help = (
        "Fill the database at a data tier: S is the demo; M a large council (25 localities, "
        "10,000 people, 200,000 contacts); L a national roll-out (PostgreSQL only)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--tier", choices=["S", "M", "L"], required=True)
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Empty every people, configuration, user and audit table first.",
        )
        # Hidden: a fraction of M or L (e.g. 0.01) so tests can build a tier-shaped dataset.
        parser.add_argument("--scale", type=_fraction, default=1.0, help=argparse.SUPPRESS)

    def handle(self, *args, tier: str, reset: bool, scale: float, **options) -> None:
        if tier == "L" and connection.vendor != "postgresql":
            raise CommandError("Tier L (10 million contacts) needs PostgreSQL: set DATABASE_URL.")
        started = time.monotonic()
        if reset:
            with transaction.atomic():
                empty_world()
            self.stdout.write(f"Emptied the tier tables in {time.monotonic() - started:.1f} s.")
        elif Locality.objects.exists() or Person.objects.exists():
            raise CommandError("The database already holds data; --reset replaces it.")
        if tier == "S":
            call_command("demo", stdout=self.stdout, stderr=self.stderr)
            return
        self.stdout.write(f"Tier {tier} on {connection.vendor}:")
        built = time.monotonic()
        world = TIERS[tier].scaled(scale).world()
        with transaction.atomic():
            build(world, today=timezone.localdate(), log=self.stdout.write)
        inserted = time.monotonic() - built
        if connection.vendor == "postgresql":
            analysed = time.monotonic()
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh statistics, so plans match a settled database
            self.stdout.write(f"  {'ANALYZE':<34} {time.monotonic() - analysed:7.1f} s")
        self.stdout.write(
            self.style.SUCCESS(
                f"Tier {tier}: inserted in {inserted:.1f} s, "
                f"{time.monotonic() - started:.1f} s in all."
            )
        )
        for model in COUNTED:
            self.stdout.write(f"  {model.objects.count():>9,}  {model._meta.verbose_name_plural}")
        mine = Introduction.objects.open().filter(person__lead_coordinator__username="coordinator")
        self.stdout.write(f"\n`coordinator` leads {mine.count()} open introductions.")
        self.stdout.write(
            f"Logins (password {data.PASSWORD}): coordinator, manager (every locality), "
            "manager2… (one district each), admin."
        )
