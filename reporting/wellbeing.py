"""Paired wellbeing change: each person's baseline against their latest check.

The baseline is a person's first check in the episode (introduction) of their latest
check in the period, however long before the period it was; so the change is the change
while we supported them, not only within the dates chosen. Never an average of all first
checks against an average of all later ones (ONS personal wellbeing guidance): people
without a baseline before their latest check are left out. A check belongs to the
episode it names, or else to the person's episode open on its date; a check in no
episode is paired with nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from outcomes.models import WellbeingCheck
from people.models import Introduction
from reporting.periods import Scope
from reporting.scoped import checks_in
from reporting.stats import confidence_interval, sample_sd

ITEMS = [
    ("life_satisfaction", "Life satisfaction"),
    ("worthwhile", "Worthwhile"),
    ("happiness", "Happiness"),
    ("anxiety", "Anxiety"),
]
# ONS thresholds: (highest score in band, band name).
POSITIVE_BANDS = [(4, "Low"), (6, "Medium"), (8, "High"), (10, "Very high")]
ANXIETY_BANDS = [(1, "Very low"), (3, "Low"), (5, "Medium"), (10, "High")]


def bands_for(item: str) -> list[str]:
    return [name for _, name in (ANXIETY_BANDS if item == "anxiety" else POSITIVE_BANDS)]


def band(item: str, score: int) -> str:
    for top, name in ANXIETY_BANDS if item == "anxiety" else POSITIVE_BANDS:
        if score <= top:
            return name
    raise ValueError(f"{item} score out of range: {score}")


@dataclass
class ItemChange:
    key: str
    label: str
    n: int = 0
    total_change: int = 0
    better: int = 0
    same: int = 0
    worse: int = 0
    # (band at baseline, band at latest check) -> people
    moves: dict[tuple[str, str], int] = field(default_factory=dict)
    changes: list[int] = field(default_factory=list)  # latest − baseline, per person

    @property
    def mean_change(self) -> float | None:
        return round(self.total_change / self.n, 2) if self.n else None

    @property
    def sd(self) -> float | None:
        """The sample standard deviation of the changes; none for fewer than two people."""
        sd = sample_sd(self.changes)
        return None if sd is None else round(sd, 2)

    @property
    def ci(self) -> tuple[float, float] | None:
        """The 95 % confidence interval of the mean change (Student's t, n − 1)."""
        interval = confidence_interval(self.changes)
        return None if interval is None else (round(interval[0], 2), round(interval[1], 2))

    def pct(self, count: int) -> float | None:
        return round(100 * count / self.n, 1) if self.n else None

    @property
    def improves_downwards(self) -> bool:
        return self.key == "anxiety"

    def band_rows(self) -> list[list]:
        """Rows of the movement matrix: band at first check, then people per latest band."""
        names = bands_for(self.key)
        return [[a, *[self.moves.get((a, b), 0) for b in names]] for a in names]


@dataclass
class WellbeingChange:
    paired: int
    single_check: int  # a check in the period, but no baseline before it in its episode
    items: list[ItemChange]
    # Who was paired: a scope adds up its localities' pairs, but counts each person once.
    people: frozenset[int] = frozenset()

    def item(self, key: str) -> ItemChange:
        return next(item for item in self.items if item.key == key)

    @property
    def sentence(self) -> str:
        """Who is in the figures, in words, for the page beside the table."""
        people = "person" if self.paired == 1 else "people"
        left = "person" if self.single_check == 1 else "people"
        return (
            f"{self.paired} {people} had a check in the period and an earlier one in the "
            f"same episode of support (their baseline, the first check in the episode); "
            f"{self.single_check} {left} without a baseline left out."
        )


def read_checks(scope: Scope) -> list[tuple]:
    """The checks pairing needs, in pairing order: (locality, person, episode, date,
    *scores), for people with a check in the period, up to its last day. One query."""
    episode_open_then = (
        Introduction.objects.filter(
            person=OuterRef("person"), introduced_on__lte=OuterRef("checked_on")
        )
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=OuterRef("checked_on")))
        .order_by("-introduced_on", "-pk")
        .values("pk")[:1]
    )
    return list(
        WellbeingCheck.objects.filter(
            locality__in=scope.localities,
            checked_on__lte=scope.end,
            person__in=checks_in(scope).values("person"),
        )
        .annotate(episode=Coalesce("introduction", Subquery(episode_open_then)))
        .order_by("person_id", "checked_on", "pk")
        .values_list("locality", "person_id", "episode", "checked_on", *[key for key, _ in ITEMS])
    )


def paired_change(checks: list[tuple], start: date) -> WellbeingChange:
    """Each person's baseline against their latest check on or after `start`, among
    `checks` (rows of `read_checks`, in its order). No query."""
    latest: dict[int, tuple] = {}
    for row in checks:
        if row[3] >= start:
            latest[row[1]] = row
    baseline: dict[int, tuple] = {}
    for row in checks:
        last = latest.get(row[1])
        if last is not None and last[2] is not None and row[2] == last[2]:
            baseline.setdefault(row[1], row)
    items = [ItemChange(key, label) for key, label in ITEMS]
    paired = [(baseline[p], latest[p]) for p in baseline if baseline[p] is not latest[p]]
    for before, after in paired:
        for index, item in enumerate(items, start=4):  # the scores follow the date
            change = after[index] - before[index]
            gain = -change if item.improves_downwards else change
            item.n += 1
            item.total_change += change
            item.changes.append(change)
            item.better += gain > 0
            item.same += gain == 0
            item.worse += gain < 0
            move = (band(item.key, before[index]), band(item.key, after[index]))
            item.moves[move] = item.moves.get(move, 0) + 1
    who = frozenset(p for p in baseline if baseline[p] is not latest[p])
    return WellbeingChange(len(paired), len(latest) - len(paired), items, who)


def change_rows(change: WellbeingChange) -> list[list]:
    return [
        [
            item.label + (" (lower is better)" if item.improves_downwards else ""),
            item.n,
            item.mean_change,
            item.sd,
            *(item.ci or (None, None)),
            item.pct(item.better),
            item.pct(item.same),
            item.pct(item.worse),
        ]
        for item in change.items
    ]


def band_rows(change: WellbeingChange) -> list[list]:
    """Long form for export: item, band at baseline, band at latest, people."""
    return [
        [item.label, a, b, item.moves.get((a, b), 0)]
        for item in change.items
        for a in bands_for(item.key)
        for b in bands_for(item.key)
        if item.moves.get((a, b))
    ]
