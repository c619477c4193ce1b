"""Anonymise people past the retention period; see people.retention."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from coordinators.models import User
from people.retention import anonymise_expired, people_expired


class Command(BaseCommand):
    help = "Anonymise people whose every introduction closed longer ago than the retention period."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing.")
        parser.add_argument("--by", metavar="USERNAME", help="Who is running it, for the record.")

    def handle(self, *args, dry_run: bool = False, by: str | None = None, **options):
        user = None
        if by:
            try:
                user = User.objects.get(username=by)
            except User.DoesNotExist:
                raise CommandError(f"No user called {by!r}.") from None
        today = timezone.localdate()
        if dry_run:
            for person in people_expired(today=today):
                self.stdout.write(
                    f"Would anonymise person {person.pk} (closed {person.last_closed:%d/%m/%Y})"
                )
        run = anonymise_expired(today=today, dry_run=dry_run, by=user)
        verb = "Would anonymise" if dry_run else "Anonymised"
        self.stdout.write(f"{verb} {run.count} people.")
