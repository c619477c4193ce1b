"""The worlds the generator builds: Westmere, the demo's invented county, and the data
tiers M (a large council) and L (a national roll-out) that the benchmark runs against.

A world is its places, its team and the rhythm of its work. What happens to each person
is decided the same way in every world (`demo.history`); only these figures differ.
Everything is laid out in "days ago" and anchored on today when written, so a world
always ends today and never holds a future date.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta

from coordinators.models import Role
from demo import data

SEED = 2026


@dataclass(frozen=True)
class Place:
    """A locality, with how many people are introduced there over the world's history."""

    name: str
    district: str
    population: int
    lac_started_ago: int
    annual_cost: int  # £
    people: int


@dataclass(frozen=True)
class Member:
    """A user account: a coordinator, a manager or an administrator."""

    username: str
    first_name: str
    last_name: str
    role: str
    places: tuple[str, ...] = ()  # the localities they work in or oversee
    covers_all_localities: bool = False
    is_staff: bool = False


@dataclass(frozen=True)
class Rhythm:
    """How the work goes. Spans and gaps are in days, as (fewest, most)."""

    history_days: int  # how far back the records go
    assets_per_place: tuple[int, int]
    walking_lasts: tuple[int, int]  # a walking-alongside episode, introduction to closing
    walking_gap: tuple[int, int]  # between contacts while walking alongside
    checks_every: tuple[int, int]  # between one wellbeing check and the next
    checks_at_most: int  # in one episode
    score_step: int  # the most a wellbeing score moves from one check to the next
    stories_per_place: tuple[int, int]  # individual stories of change


@dataclass(frozen=True)
class World:
    name: str
    places: tuple[Place, ...]
    team: tuple[Member, ...]
    rhythm: Rhythm
    copy: bool = False  # written with PostgreSQL's COPY rather than the ORM

    @property
    def usernames(self) -> list[str]:
        return [member.username for member in self.team]


class Calendar:
    """Days ago as dates. The days a world uses are worked out once: a tier asks for a
    date tens of millions of times."""

    def __init__(self, today: date, days: int) -> None:
        self.today = today
        self.days = [today - timedelta(days=ago) for ago in range(days + 1)]

    def on(self, ago: int) -> date:
        return self.days[ago]


# --- Westmere, the demo: 10 localities, 8 coordinators and 18 months of work ----------

DEMO_RHYTHM = Rhythm(
    history_days=548,
    assets_per_place=(6, 10),
    walking_lasts=(120, 480),
    walking_gap=(5, 21),
    checks_every=(75, 110),  # about every three months, so the demo shows change pairs
    checks_at_most=3,
    score_step=2,
    stories_per_place=(2, 3),
)


def westmere() -> World:
    places = tuple(Place(*row) for row in data.LOCALITIES)
    team = [
        Member(username, first, last, Role.COORDINATOR, tuple(where))
        for username, first, last, where in data.COORDINATORS
    ]
    for username, first, last, districts in data.MANAGERS:
        oversees = tuple(p.name for p in places if districts and p.district in districts)
        team.append(
            Member(
                username, first, last, Role.MANAGER, oversees, covers_all_localities=not districts
            )
        )
    username, first, last = data.ADMIN
    team.append(
        Member(
            username,
            first,
            last,
            Role.ADMINISTRATOR,
            covers_all_localities=True,
            is_staff=True,
        )
    )
    return World("S", places, tuple(team), DEMO_RHYTHM)


# --- The data tiers: many localities, seven years ------------------------------------

TIER_RHYTHM = Rhythm(
    history_days=7 * 365,  # a council keeps 6–8 years of records
    assets_per_place=(10, 16),
    walking_lasts=(100, 400),
    walking_gap=(3, 11),  # about 20 contacts a person: the tiers' contact targets
    checks_every=(20, 40),
    checks_at_most=20,
    score_step=1,
    stories_per_place=(10, 10),
)

# 15 × 10 = 150 invented place names, enough for tier L; and 30 district names.
PLACE_STEMS = ["Ash", "Birch", "Brook", "Cold", "Elm", "Fen", "Hart", "Kings", "Lang", "Mill"]
PLACE_STEMS += ["Oak", "Raven", "Stow", "Thorn", "Wil"]
PLACE_ENDS = ["bury", "by", "combe", "field", "ford", "ham", "ley", "mead", "ton", "wick"]
DISTRICT_NAMES = [f"{stem}dale" for stem in ["Aire", "Bell", "Calder", "Dove", "Eden", "Frome"]]
DISTRICT_NAMES += [f"{stem} Vale" for stem in ["Glen", "Hope", "Isle", "Kent", "Lune", "Mole"]]
DISTRICT_NAMES += [f"{stem} Downs" for stem in ["Nene", "Ouse", "Parrett", "Rye", "Soar", "Tame"]]
DISTRICT_NAMES += [f"{stem} Moor" for stem in ["Test", "Ure", "Wear", "Wye", "Yare", "Exe"]]
DISTRICT_NAMES += [f"{stem} Coast" for stem in ["Axe", "Bure", "Cam", "Dart", "Esk", "Fal"]]


def place_names(count: int) -> list[str]:
    # Walk the endings first so the first 25 are not all "Ash…".
    names = [f"{stem}{end}" for end in PLACE_ENDS for stem in PLACE_STEMS]
    return names[:count]


@dataclass(frozen=True)
class Tier:
    name: str
    localities: int
    coordinators: int
    people: int
    contacts: int  # about: the rhythm aims for it
    wellbeing_checks: int  # about
    copy: bool  # PostgreSQL COPY rather than the ORM

    def scaled(self, scale: float) -> Tier:
        """The same tier at a fraction of the size, for tests (`seed_tier --scale`).

        At least two localities, and coordinators cut with the people, so each still
        leads a caseload about the size of the full tier's.
        """
        if scale == 1:
            return self
        places = max(2, round(self.localities * scale))
        return replace(
            self,
            localities=places,
            coordinators=max(places, round(self.coordinators * scale)),
            people=max(places, round(self.people * scale)),
            contacts=round(self.contacts * scale),
            wellbeing_checks=round(self.wellbeing_checks * scale),
        )

    def world(self) -> World:
        """Five localities a district; coordinator k works in locality k mod n, so every
        locality has one and bigger tiers several; `manager` oversees every locality and
        manager2… one district each."""
        rng = random.Random(SEED)
        names = place_names(self.localities)
        districts = [DISTRICT_NAMES[i // 5] for i in range(self.localities)]

        def member(username: str, role: str, places=(), **flags) -> Member:
            first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
            return Member(username, first, last, role, tuple(places), **flags)

        team = []
        for k in range(self.coordinators):
            username = "coordinator" if k == 0 else f"coordinator{k + 1}"
            team.append(member(username, Role.COORDINATOR, [names[k % self.localities]]))
        team.append(member("manager", Role.MANAGER, covers_all_localities=True))
        for d, district in enumerate(sorted(set(districts))):
            oversees = [n for n, in_d in zip(names, districts, strict=True) if in_d == district]
            team.append(member(f"manager{d + 2}", Role.MANAGER, oversees))
        team.append(member("admin", Role.ADMINISTRATOR, covers_all_localities=True, is_staff=True))
        # People in proportion to coordinators, so every caseload is about the same size;
        # the last locality takes what rounding leaves.
        leads = Counter(m.places[0] for m in team if m.role == Role.COORDINATOR)
        shares = [round(self.people * leads[name] / self.coordinators) for name in names]
        shares[-1] = self.people - sum(shares[:-1])
        places = tuple(
            Place(
                name=name,
                district=district,
                population=rng.randint(5000, 18000),
                lac_started_ago=TIER_RHYTHM.history_days + rng.randint(0, 365),
                annual_cost=rng.randint(38, 55) * 1000,
                people=share,
            )
            for name, district, share in zip(names, districts, shares, strict=True)
        )
        return World(self.name, places, tuple(team), TIER_RHYTHM, copy=self.copy)


TIERS = {
    "M": Tier("M", 25, 30, 10_000, 200_000, 50_000, copy=False),
    "L": Tier("L", 150, 1_000, 500_000, 10_000_000, 2_500_000, copy=True),
}
