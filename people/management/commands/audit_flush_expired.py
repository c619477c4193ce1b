"""Delete audit entries older than AUDIT_RETENTION_DAYS (default 8 years).

auditlog's own `auditlogflush --before-date YYYY-MM-DD --yes` does the same for a date
you choose; this command reads the period from settings so it can run from cron.
"""

from datetime import timedelta

from auditlog.models import LogEntry
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = "Delete audit entries older than AUDIT_RETENTION_DAYS."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, delete nothing.")

    def handle(self, *args, dry_run: bool = False, **options):
        cutoff = timezone.now() - timedelta(days=settings.AUDIT_RETENTION_DAYS)
        expired = LogEntry.objects.filter(timestamp__lt=cutoff)
        if dry_run:
            self.stdout.write(
                f"Would delete {expired.count()} audit entries before {cutoff:%d/%m/%Y}."
            )
            return
        count, _ = expired.delete()
        self.stdout.write(f"Deleted {count} audit entries before {cutoff:%d/%m/%Y}.")
