"""Build a realistic, repeatable demo: Westmere, an invented county with ten localities.

The content (counts, names, structure) is the same on every run: it comes from a seeded
random generator and is laid out in "days ago". Dates are then anchored on today, so the
demo always shows about 18 months of activity up to today and never a future date.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from coordinators.models import User
from demo import data
from demo.generator import build, empty_world
from demo.world import westmere
from localities.models import CommunityAsset, Locality
from outcomes.models import Outcome, OutcomeStory, WellbeingCheck
from people.models import (
    Connection,
    Contact,
    Introduction,
    Person,
    SupportLevelChange,
)

COUNTED = [
    Locality,
    CommunityAsset,
    User,
    Person,
    Introduction,
    SupportLevelChange,
    Contact,
    Connection,
    Outcome,
    OutcomeStory,
    WellbeingCheck,
]


class Command(BaseCommand):
    help = "Build demo data: 10 localities, 8 coordinators and 18 months of LAC work."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Empty every people, configuration, user and audit table first, then "
            "rebuild the demo.",
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation before --reset deletes everything.",
        )

    def handle(self, *args, reset: bool, interactive: bool, **options) -> None:
        world = westmere()
        if reset and interactive:
            answer = input("--reset deletes ALL people, configuration and users. Type 'yes': ")
            if answer != "yes":
                raise CommandError("Reset cancelled.")
        if not reset:
            if User.objects.filter(username__in=world.usernames).exists():
                self.stdout.write("Demo data already present; nothing changed (--reset rebuilds).")
                self.print_logins()
                return
            if Locality.objects.exists() or Person.objects.exists():
                raise CommandError("The database already holds data; --reset replaces it.")
        started = time.monotonic()
        with transaction.atomic():
            if reset:
                empty_world()
            build(world, today=timezone.localdate())
        self.stdout.write(self.style.SUCCESS(f"Demo built in {time.monotonic() - started:.1f} s:"))
        for model in COUNTED:
            self.stdout.write(f"  {model.objects.count():>6}  {model._meta.verbose_name_plural}")
        self.print_logins()

    def print_logins(self) -> None:
        rows = [
            ("Coordinator", username, ", ".join(places))
            for username, *_, places in data.COORDINATORS
        ]
        rows[0] = (*rows[0][:2], f"{rows[0][2]} (the main demo login)")
        for username, *_, districts in data.MANAGERS:
            sees = f"{' and '.join(districts)} districts" if districts else "every locality"
            rows.append(("Manager", username, f"dashboards and reports: {sees}"))
        rows.append(("Administrator", data.ADMIN[0], "the Django admin (/admin/): configuration"))
        self.stdout.write(f"\nDemo logins (every password is {data.PASSWORD}):")
        self.stdout.write(f"  {'Role':<14} {'Username':<13} {'Password':<19} Sees")
        for role, username, sees in rows:
            self.stdout.write(f"  {role:<14} {username:<13} {data.PASSWORD:<19} {sees}")
