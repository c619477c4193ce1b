"""`Figures(scope)`: every read behind one request's figures, each made once.

A view builds one `Figures` per request and hands it to every table, the value
estimate, the report, its CSV and its PDF, so they all share one query's rows per
family of records, whatever the number of localities. It lives as long as the request:
nothing is ever served to another request or from before a write.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, Q

from localities.models import CommunityAsset
from people.models import Introduction
from reporting import families, journeys
from reporting.families import Rows
from reporting.models import GdpDeflator, ValueSettings
from reporting.periods import Scope
from reporting.scoped import (
    connections_made_in,
    episodes_closed_in,
    first_contacts_in,
)
from reporting.value import (
    Basis,
    LocalityValue,
    ValueEstimate,
    locality_values,
    value_basis,
    value_estimate,
)
from reporting.wellbeing import WellbeingChange, paired_change, read_checks


class Figures:
    """The reads of one scope's figures: a cached property per family of records."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    @cached_property
    def localities(self) -> list[tuple[int, str, Decimal | None]]:
        """The scope's localities by name: (pk, name, annual cost)."""
        return list(self.scope.localities.order_by("name").values_list("pk", "name", "annual_cost"))

    # Families of headline metrics: one GROUP BY each, by locality.

    @cached_property
    def introductions(self) -> Rows:
        return families.INTRODUCTIONS.read(self.scope)

    @cached_property
    def contacts(self) -> Rows:
        return families.CONTACTS.read(self.scope)

    @cached_property
    def connections(self) -> Rows:
        return families.CONNECTIONS.read(self.scope)

    @cached_property
    def assets(self) -> Rows:
        return families.ASSETS.read(self.scope)

    @cached_property
    def outcomes(self) -> Rows:
        return families.OUTCOMES.read(self.scope)

    @cached_property
    def stories(self) -> Rows:
        return families.STORIES.read(self.scope)

    @cached_property
    def episodes(self) -> Rows:
        """People supported, active at the end and closings, where each episode was on
        its last day in the period; with the scope's own distinct figures."""
        return families.EPISODES.read(self.scope)

    @cached_property
    def people_supported(self) -> int:
        """Distinct across the whole scope: someone who moved may have been supported in
        two of its localities, so this is not the sum of their rows."""
        return self.episodes.total("people_supported")

    @cached_property
    def waits(self) -> dict[int, list[int]]:
        """Days from introduction to first contact, per locality, for first contacts in
        the period."""
        rows = first_contacts_in(self.scope).values_list(
            "locality", "introduced_on", "first_contact_on"
        )
        days: dict[int, list[int]] = defaultdict(list)
        for locality, introduced, first in rows:
            days[locality].append((first - introduced).days)
        return dict(days)

    # Breakdowns.

    @cached_property
    def introductions_made(self) -> list[dict]:
        """Introductions in the period by locality, month, referral category, support
        level when made and re-introduction: one query serves all their figures."""
        return journeys.introductions_made(self.scope)

    @cached_property
    def closed_episodes(self) -> list[tuple]:
        """(closing reason, support level, introduced, closed) of episodes closed in the
        period: the closing reasons and the length of involvement share the read."""
        return journeys.closed_episodes(episodes_closed_in(self.scope))

    @cached_property
    def closing_reasons(self) -> list[list]:
        counts: dict[str, int] = defaultdict(int)
        for reason, *_ in self.closed_episodes:
            counts[reason or "Not recorded"] += 1
        return [[reason, n] for reason, n in sorted(counts.items())]

    # Journeys: outcomes, support levels.

    @cached_property
    def outcome_people(self) -> list[dict]:
        """Outcomes in the period by locality, person, their episode's referral category
        and whether the person was supported in the period."""
        return journeys.outcomes_by_person(self.scope)

    @cached_property
    def first_outcome_waits(self) -> dict[int, list[int]]:
        """Days from introduction to first outcome, per locality, for first outcomes in
        the period."""
        return journeys.first_outcome_waits(self.scope)

    @cached_property
    def moved_to_walking_alongside(self) -> dict[int, set[int]]:
        """People moved from information and connection to walking alongside in the
        period, per locality."""
        return journeys.moved_to_walking_alongside(self.scope)

    @cached_property
    def connections_by_category(self) -> list[list]:
        return _counted_by_name(connections_made_in(self.scope), "asset__category__name")

    @cached_property
    def needs(self) -> list[list]:
        return _needs_against_assets(self.scope)

    # Wellbeing and value.

    @cached_property
    def wellbeing_checks(self) -> list[tuple]:
        return read_checks(self.scope)

    @cached_property
    def wellbeing(self) -> WellbeingChange:
        """Checks paired per person across the whole scope."""
        return paired_change(self.wellbeing_checks, self.scope.start)

    @cached_property
    def wellbeing_by_locality(self) -> dict[int, WellbeingChange]:
        """Checks paired within each locality: what a scope of that locality alone sees."""
        checks: dict[int, list[tuple]] = defaultdict(list)
        for check in self.wellbeing_checks:
            checks[check[0]].append(check)
        return {pk: paired_change(rows, self.scope.start) for pk, rows in checks.items()}

    @cached_property
    def value_basis(self) -> Basis:
        """The value method's settings and the deflator series: two small reads."""
        series = dict(GdpDeflator.objects.values_list("year", "index"))
        return value_basis(self.outcomes, ValueSettings.current(), series)

    @cached_property
    def value_by_locality(self) -> list[LocalityValue]:
        return locality_values(
            self.outcomes,
            self.localities,
            self.wellbeing_by_locality,
            self.scope.period,
            self.value_basis,
        )

    @cached_property
    def value(self) -> ValueEstimate:
        return value_estimate(
            self.outcomes, self.value_by_locality, self.scope.period, self.value_basis
        )


def _counted_by_name(records, field: str) -> list[list]:
    rows = records.order_by(field).values(field).annotate(n=Count("pk"))
    return [[row[field] or "Not recorded", row["n"]] for row in rows]


def _needs_against_assets(scope: Scope) -> list[list]:
    """Per locality and theme: introductions in the period raising it, assets active in
    the period carrying it. Three queries (the third, the assets' switches on and off).
    Area-wide assets (no locality) count for every locality."""
    needs = (
        Introduction.themes.through.objects.filter(
            introduction__locality__in=scope.localities,
            introduction__introduced_on__range=(scope.start, scope.end),
        )
        .order_by()
        .values("introduction__locality__name", "theme_id", "theme__name")
        .annotate(n=Count("pk"))
    )
    # Every asset of the scope with its themes, inactive ones too: an asset closed since
    # may have been open in the period.
    assets = list(
        CommunityAsset.themes.through.objects.filter(
            Q(communityasset__locality__in=scope.localities)
            | Q(communityasset__locality__isnull=True),
        )
        .order_by()
        .values_list(
            "communityasset_id",
            "communityasset__active",
            "communityasset__locality__name",
            "theme_id",
        )
    )
    active = journeys.assets_active_during(scope, {row[0]: row[1] for row in assets})
    offered: dict[tuple[str | None, int], int] = defaultdict(int)
    for asset, _now, place, theme in assets:
        offered[(place, theme)] += asset in active
    rows = []
    for row in needs:
        place, theme = row["introduction__locality__name"], row["theme_id"]
        count = offered[(place, theme)] + offered[(None, theme)]
        rows.append([place, row["theme__name"], row["n"], count, "Unmet" if count == 0 else ""])
    return sorted(rows, key=lambda r: (r[0], r[4] != "Unmet", -r[2], r[1]))
