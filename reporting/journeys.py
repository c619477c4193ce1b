"""Reads behind the figures about people's journeys through an episode of support.

Which episode a record belongs to, what an introduction's support level was when it was
made, who moved from information and connection to walking alongside, how long before a
first outcome, and which community assets were active in a period. Each function is one
query; `Figures` calls each at most once per request.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from auditlog.models import LogEntry
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from outcomes.models import Outcome
from people.models import Introduction, SupportLevel, SupportLevelChange
from reporting.periods import LATEST, Scope
from reporting.scoped import episodes_open_during, open_during, outcomes_in


def episode_open_on(day: str) -> Subquery:
    """The person's episode open on the outer row's `day` field (a subquery of its pk):
    where a record that names no introduction belongs."""
    return Subquery(
        Introduction.objects.filter(person=OuterRef("person"), introduced_on__lte=OuterRef(day))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=OuterRef(day)))
        .order_by("-introduced_on", "-pk")
        .values("pk")[:1]
    )


def _level_on_introduction() -> Coalesce:
    """The support level an introduction had the day it was made: the latest recorded
    change on or before that day, else the earliest recorded (the app records the
    level an episode opens with), else the level it has now (no history recorded)."""
    changes = SupportLevelChange.objects.filter(introduction=OuterRef("pk"))
    at_start = changes.filter(changed_on__lte=OuterRef("introduced_on")).order_by(
        "-changed_on", "-pk"
    )
    earliest = changes.order_by("changed_on", "pk")
    return Coalesce(
        Subquery(at_start.values("support_level")[:1]),
        Subquery(earliest.values("support_level")[:1]),
        F("support_level"),
    )


def introductions_made(scope: Scope) -> list[dict]:
    """Introductions in the period grouped by locality, month, referral category, the
    support level they were made at and whether they are re-introductions (the person
    had an earlier introduction, anywhere). One query serves every table of them."""
    earlier = Introduction.objects.filter(person=OuterRef("person")).filter(
        Q(introduced_on__lt=OuterRef("introduced_on"))
        | Q(introduced_on=OuterRef("introduced_on"), pk__lt=OuterRef("pk"))
    )
    return list(
        Introduction.objects.filter(
            locality__in=scope.localities, introduced_on__range=(scope.start, scope.end)
        )
        .order_by()
        .annotate(
            month=TruncMonth("introduced_on"),
            level_then=_level_on_introduction(),
            again=Exists(earlier),
        )
        .values("locality", "month", "referral_source__category", "level_then", "again")
        .annotate(n=Count("pk"))
    )


def outcomes_by_person(scope: Scope) -> list[dict]:
    """Outcomes in the period grouped by locality, person (None for a locality's own),
    the referral category of their episode (None outside one) and whether the person was
    supported in the period: the people with an outcome and the outcomes by referral
    source. An outcome's episode is the introduction it names, else the person's episode
    open on its date. One query."""
    source = Introduction.objects.filter(pk=OuterRef("episode")).values("referral_source__category")
    supported = episodes_open_during(scope).filter(person=OuterRef("person"))
    return list(
        outcomes_in(scope)
        .order_by()
        .annotate(episode=Coalesce("introduction", episode_open_on("achieved_on")))
        .annotate(source=Subquery(source[:1]), supported=Exists(supported))
        .values("locality", "person", "source", "supported")
        .annotate(quantity=Sum("quantity"))
    )


def first_outcome_waits(scope: Scope) -> dict[int, list[int]]:
    """Per locality, days from introduction to first outcome, for episodes open in the
    period whose first outcome (one naming the episode, or of the person dated within
    it) fell in the period. One query."""
    mine = Outcome.objects.filter(
        Q(introduction=OuterRef("pk"))
        | Q(
            introduction__isnull=True,
            person=OuterRef("person"),
            achieved_on__gte=OuterRef("introduced_on"),
            achieved_on__lte=Coalesce(OuterRef("closed_on"), Value(LATEST)),
        )
    )
    rows = (
        Introduction.objects.filter(open_during(scope), locality__in=scope.localities)
        .annotate(first=Subquery(mine.order_by("achieved_on").values("achieved_on")[:1]))
        .filter(first__range=(scope.start, scope.end))
        .values_list("locality", "introduced_on", "first")
    )
    days: dict[int, list[int]] = defaultdict(list)
    for locality, introduced, first in rows:
        days[locality].append((first - introduced).days)
    return dict(days)


def moved_to_walking_alongside(scope: Scope) -> dict[int, set[int]]:
    """Per locality, the people whose episode moved from information and connection to
    walking alongside on a day in the period. An episode's first recorded level is the
    one it opened with, not a move. One query: the history of episodes with a change in
    the period."""
    changed = SupportLevelChange.objects.filter(
        changed_on__range=(scope.start, scope.end),
        introduction__locality__in=scope.localities,
    ).values("introduction")
    rows = (
        SupportLevelChange.objects.filter(introduction__in=changed, changed_on__lte=scope.end)
        .order_by("introduction", "changed_on", "pk")
        .values_list(
            "introduction",
            "introduction__locality",
            "introduction__person",
            "support_level",
            "changed_on",
        )
    )
    people: dict[int, set[int]] = defaultdict(set)
    before: dict[int, str] = {}
    for episode, locality, person, level, changed_on in rows:
        previous = before.get(episode)
        before[episode] = level
        if (
            previous == SupportLevel.INFORMATION
            and level == SupportLevel.WALKING_ALONGSIDE
            and changed_on >= scope.start
        ):
            people[locality].add(person)
    return dict(people)


def closed_episodes(episodes: QuerySet[Introduction]) -> list[tuple]:
    """(closing reason, support level, introduced, closed) per episode: one query serves
    the closing reasons and the length of involvement."""
    return list(
        episodes.order_by().values_list(
            "closing_reason__name", "support_level", "introduced_on", "closed_on"
        )
    )


def assets_active_during(scope: Scope, active_now: dict[int, bool]) -> set[int]:
    """Of the assets in `active_now` (id: active today), those active at some time in
    the period.

    An asset is taken as it is today unless the audit trail records a switch of its
    "active" after the period began: then it was, at the start, as the first such switch
    found it; and it was active in the period if so, or if a switch in the period turned
    it on. One query.
    """
    begins, ends = _midnight(scope.start), _midnight(scope.end + dt.timedelta(days=1))
    switches = (
        LogEntry.objects.filter(
            content_type__app_label="localities",
            content_type__model="communityasset",
            action=LogEntry.Action.UPDATE,
            timestamp__gte=begins,
            changes__has_key="active",
        )
        .order_by("timestamp", "pk")
        .values_list("object_id", "timestamp", "changes")
    )
    at_start: dict[int, bool] = {}
    turned_on: set[int] = set()
    for asset, when, changes in switches:
        if asset not in active_now:
            continue
        # auditlog keeps each value as text: ["True", "False"] is a switch off.
        was, became = (value == "True" for value in changes["active"])
        at_start.setdefault(asset, was)
        if became and when < ends:
            turned_on.add(asset)
    return {
        asset
        for asset, active in active_now.items()
        if at_start.get(asset, active) or asset in turned_on
    }


def _midnight(day: dt.date) -> dt.datetime:
    """The first moment of `day` where the service is (Europe/London)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))
