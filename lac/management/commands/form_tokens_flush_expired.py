"""Delete form tokens claimed more than LAC_FORM_TOKEN_DAYS ago (default 7).

A token is only needed while a copy of its form may still arrive (a double tap, a resend
after a timeout). Run it nightly, with the other retention commands.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from lac.models import FormToken


class Command(BaseCommand):
    help = "Delete form tokens claimed more than LAC_FORM_TOKEN_DAYS ago."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, delete nothing.")

    def handle(self, *args, dry_run: bool = False, **options):
        now = timezone.now()
        cutoff = now - timedelta(days=settings.LAC_FORM_TOKEN_DAYS)
        expired = FormToken.objects.expired(now=now)
        if dry_run:
            self.stdout.write(
                f"Would delete {expired.count()} form tokens claimed before {cutoff:%d/%m/%Y}."
            )
            return
        count, _ = expired.delete()
        self.stdout.write(f"Deleted {count} form tokens claimed before {cutoff:%d/%m/%Y}.")
