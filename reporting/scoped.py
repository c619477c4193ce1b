"""What the figures count: conditions on dates, and the records of each kind in a scope.

Every record has its own locality column, fixed when it is made (no join to the person):
an introduction where it opened; a contact, connection, outcome, story or wellbeing check
where the person lived when it was recorded. A move changes none of them. An episode's
state (supported, active at the end, closed) counts where it was on its last day in the
period (`Introduction.objects.counting_on`): where it opened, or where the person had
moved to by then, while it was open.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from localities.models import CommunityAsset
from outcomes.models import Outcome, OutcomeStory, WellbeingCheck
from people.models import Connection, Contact, ContactMode, Introduction, PersonMove
from reporting.periods import Scope

# What each metric counts, in the period: conditions, used both to filter a base
# queryset and to FILTER one aggregate of a family's shared query.


def introduced_in(scope: Scope) -> Q:
    return Q(introduced_on__range=(scope.start, scope.end))


def open_during(scope: Scope) -> Q:
    return (Q(closed_on__isnull=True) | Q(closed_on__gte=scope.start)) & Q(
        introduced_on__lte=scope.end
    )


def open_at_end(scope: Scope) -> Q:
    return (Q(closed_on__isnull=True) | Q(closed_on__gt=scope.end)) & Q(
        introduced_on__lte=scope.end
    )


def closed_in(scope: Scope) -> Q:
    return Q(closed_on__range=(scope.start, scope.end))


def developed_in(scope: Scope) -> Q:
    return Q(developed_on__range=(scope.start, scope.end))


# Attempted contacts (no answer) are contacts, but not time with people.
REAL_CONTACT = ~Q(mode=ContactMode.ATTEMPTED)
FEATURED = Q(featured=True)


# Base querysets: the records each metric counts, limited to the scope.


def _introductions(scope: Scope, when: Q) -> QuerySet[Introduction]:
    return Introduction.objects.filter(when, locality__in=scope.localities)


def introductions_in(scope: Scope) -> QuerySet[Introduction]:
    return _introductions(scope, introduced_in(scope))


def episodes_open_during(scope: Scope) -> QuerySet[Introduction]:
    """Episodes open during the period that count in the scope on their last day in it
    (the period's end, or their closing day), annotated with that locality: `counts_in`.
    The people supported in the scope."""
    # Only an episode that opened in the scope or moved into it can count there.
    moved_in = PersonMove.objects.filter(to_locality__in=scope.localities).values("introduction")
    return (
        Introduction.objects.filter(open_during(scope))
        .filter(Q(locality__in=scope.localities) | Q(pk__in=moved_in))
        .counting_on(scope.end)
        .filter(counts_in__in=scope.localities)
    )


def episodes_closed_in(scope: Scope) -> QuerySet[Introduction]:
    """Closed in the period, where they were when they closed."""
    return episodes_open_during(scope).filter(closed_in(scope))


def first_contacts_in(scope: Scope) -> QuerySet[Introduction]:
    return _introductions(scope, Q(first_contact_on__range=(scope.start, scope.end)))


def contacts_in(scope: Scope) -> QuerySet[Contact]:
    return Contact.objects.filter(
        locality__in=scope.localities, contact_on__range=(scope.start, scope.end)
    )


def connections_made_in(scope: Scope) -> QuerySet[Connection]:
    return Connection.objects.filter(
        locality__in=scope.localities, connected_on__range=(scope.start, scope.end)
    )


def assets_developed_by_end(scope: Scope) -> QuerySet[CommunityAsset]:
    return CommunityAsset.objects.filter(
        Q(developed_on__isnull=True) | Q(developed_on__lte=scope.end),
        locality__in=scope.localities,
        developed_with_lac=True,
    )


def outcomes_in(scope: Scope) -> QuerySet[Outcome]:
    return Outcome.objects.filter(
        locality__in=scope.localities, achieved_on__range=(scope.start, scope.end)
    )


def stories_in(scope: Scope) -> QuerySet[OutcomeStory]:
    return OutcomeStory.objects.filter(
        locality__in=scope.localities, told_on__range=(scope.start, scope.end)
    )


def checks_in(scope: Scope) -> QuerySet[WellbeingCheck]:
    return WellbeingCheck.objects.filter(
        locality__in=scope.localities, checked_on__range=(scope.start, scope.end)
    )
