"""People's records, one module per record kind; imported here so `people.models` is one place."""

from people.models.connection import Connection, ConnectionQuerySet, ConnectionStatus
from people.models.contact import AREAS_OF_SUPPORT, Contact, ContactMode, ContactQuerySet
from people.models.episode import (
    ClosingReason,
    Introduction,
    IntroductionQuerySet,
    SupportLevel,
    SupportLevelChange,
)
from people.models.person import Person, PersonQuerySet, where_recorded
from people.models.records import CaseloadTransfer, PersonMove, RetentionRun

__all__ = [
    "AREAS_OF_SUPPORT",
    "CaseloadTransfer",
    "ClosingReason",
    "Connection",
    "ConnectionQuerySet",
    "ConnectionStatus",
    "Contact",
    "ContactMode",
    "ContactQuerySet",
    "Introduction",
    "IntroductionQuerySet",
    "Person",
    "PersonMove",
    "PersonQuerySet",
    "RetentionRun",
    "SupportLevel",
    "SupportLevelChange",
    "where_recorded",
]
