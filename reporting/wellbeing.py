"""Paired wellbeing change: each person's first check in a period against their latest.

Never an average of all first checks against an average of all later ones (ONS
personal wellbeing guidance): people with one check in the period are left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reporting.periods import Scope
from reporting.scoped import checks_in

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
    # (band at first check, band at latest check) -> people
    moves: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def mean_change(self) -> float | None:
        return round(self.total_change / self.n, 2) if self.n else None

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
    single_check: int
    items: list[ItemChange]

    def item(self, key: str) -> ItemChange:
        return next(item for item in self.items if item.key == key)


def read_checks(scope: Scope) -> list[tuple]:
    """Every check in the scope, in pairing order: (locality, person, *scores). One query."""
    return list(
        checks_in(scope)
        .order_by("person_id", "checked_on", "pk")
        .values_list("locality", "person_id", *[key for key, _ in ITEMS])
    )


def paired_change(checks: list[tuple]) -> WellbeingChange:
    """Each person's first check against their latest, among `checks` (rows of
    `read_checks`, in its order). No query."""
    first: dict[int, tuple] = {}
    latest: dict[int, tuple] = {}
    for _locality, *row in checks:
        first.setdefault(row[0], row)
        latest[row[0]] = row
    items = [ItemChange(key, label) for key, label in ITEMS]
    paired = [(first[p], latest[p]) for p in first if first[p] is not latest[p]]
    for before, after in paired:
        for index, item in enumerate(items, start=1):
            change = after[index] - before[index]
            gain = -change if item.improves_downwards else change
            item.n += 1
            item.total_change += change
            item.better += gain > 0
            item.same += gain == 0
            item.worse += gain < 0
            move = (band(item.key, before[index]), band(item.key, after[index]))
            item.moves[move] = item.moves.get(move, 0) + 1
    return WellbeingChange(len(paired), len(first) - len(paired), items)


def change_rows(change: WellbeingChange) -> list[list]:
    return [
        [
            item.label + (" (lower is better)" if item.improves_downwards else ""),
            item.n,
            item.mean_change,
            item.pct(item.better),
            item.pct(item.same),
            item.pct(item.worse),
        ]
        for item in change.items
    ]


def band_rows(change: WellbeingChange) -> list[list]:
    """Long form for export: item, band at first check, band at latest, people."""
    return [
        [item.label, a, b, item.moves.get((a, b), 0)]
        for item in change.items
        for a in bands_for(item.key)
        for b in bands_for(item.key)
        if item.moves.get((a, b))
    ]
