"""Writes to outcome records that check a rule under a lock. Each runs in one transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from coordinators.models import User
from lac.versioning import locked, record_save
from outcomes.models import Consent, OutcomeStory


@transaction.atomic
def story_feature(*, story: OutcomeStory, featured: bool, by: User) -> OutcomeStory:
    """Feature a story in impact reports, or stop featuring it.

    Raises ValidationError if, by the time it runs, the story has no consent to share:
    consent may have been withdrawn since the page was shown.
    """
    consent, was_featured = locked(story, "consent", "featured")
    if featured and consent == Consent.NONE:
        raise ValidationError(f"“{story.title}” has no consent to share, so it cannot be featured.")
    if featured != was_featured:
        story.featured = featured
        record_save(story, "featured")
    return story
