"""Data tiers for load and benchmark runs: a large council (M) and a national roll-out (L).

Tier S is the demo (`manage.py demo`). M and L are generated here from a seeded random
generator, laid out in "days ago" over seven years and anchored on today, so two runs
build the same records. Rows are written in batches of 5,000 with `bulk_create`, or with
PostgreSQL's COPY for L, with primary keys chosen here: children never wait for a
parent's id, and the big tables stream instead of sitting in memory.

Nothing goes through `save()`, so no audit entries are written: this is history, not
activity.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

from coordinators.models import Role, User
from demo import data
from localities.models import AssetCategory, CommunityAsset, Locality, ReferralSource, Theme
from outcomes.models import Consent, Level, Outcome, OutcomeStory, OutcomeType, WellbeingCheck
from people.models import (
    AREAS_OF_SUPPORT,
    ClosingReason,
    Connection,
    ConnectionStatus,
    Contact,
    Introduction,
    Person,
    SupportLevel,
    SupportLevelChange,
)

SEED = 2026
HISTORY_DAYS = 7 * 365  # a council keeps 6–8 years of records
BATCH = 5000
ONS4 = ["life_satisfaction", "worthwhile", "happiness", "anxiety"]
AREA_FIELDS = [field for field, _label in AREAS_OF_SUPPORT]
MODES = list(data.CONTACT_MODES)
MODE_WEIGHTS = [w for w, *_ in data.CONTACT_MODES.values()]
IntroductionTheme = Introduction.themes.through
AssetTheme = CommunityAsset.themes.through
StoryTheme = OutcomeStory.themes.through
UserGroup = User.groups.through
UserLocality = User.localities.through

# 15 × 10 = 150 invented place names, enough for tier L; and 30 district names.
PLACE_STEMS = ["Ash", "Birch", "Brook", "Cold", "Elm", "Fen", "Hart", "Kings", "Lang", "Mill"]
PLACE_STEMS += ["Oak", "Raven", "Stow", "Thorn", "Wil"]
PLACE_ENDS = ["bury", "by", "combe", "field", "ford", "ham", "ley", "mead", "ton", "wick"]
DISTRICT_NAMES = [f"{stem}dale" for stem in ["Aire", "Bell", "Calder", "Dove", "Eden", "Frome"]]
DISTRICT_NAMES += [f"{stem} Vale" for stem in ["Glen", "Hope", "Isle", "Kent", "Lune", "Mole"]]
DISTRICT_NAMES += [f"{stem} Downs" for stem in ["Nene", "Ouse", "Parrett", "Rye", "Soar", "Tame"]]
DISTRICT_NAMES += [f"{stem} Moor" for stem in ["Test", "Ure", "Wear", "Wye", "Yare", "Exe"]]
DISTRICT_NAMES += [f"{stem} Coast" for stem in ["Axe", "Bure", "Cam", "Dart", "Esk", "Fal"]]


@dataclass(frozen=True)
class Tier:
    name: str
    localities: int
    coordinators: int
    people: int
    contacts: int  # about; the generator aims for it
    wellbeing_checks: int  # about
    copy: bool  # PostgreSQL COPY rather than bulk_create

    def scaled(self, scale: float) -> Tier:
        """The same generator at a fraction of the size, for tests (`seed_tier --scale`).

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


TIERS = {
    "M": Tier("M", 25, 30, 10_000, 200_000, 50_000, copy=False),
    "L": Tier("L", 150, 1_000, 500_000, 10_000_000, 2_500_000, copy=True),
}


def place_names(count: int) -> list[str]:
    # Walk the endings first so the first 25 are not all "Ash…".
    names = [f"{stem}{end}" for end in PLACE_ENDS for stem in PLACE_STEMS]
    return names[:count]


class Writer:
    """Buffers rows per model and writes each buffer in batches, with its own ids."""

    def __init__(self, *, copy: bool) -> None:
        self.copy = copy and connection.vendor == "postgresql"
        self.buffers: dict[type[models.Model], list[dict]] = defaultdict(list)
        self.next_id: dict[type[models.Model], int] = defaultdict(lambda: 1)
        self.counts: dict[type[models.Model], int] = defaultdict(int)
        self.seconds: dict[type[models.Model], float] = defaultdict(float)
        self.now = timezone.now()

    def add(self, model: type[models.Model], **values) -> int:
        pk = values["id"] = self.next_id[model]
        self.next_id[model] = pk + 1
        buffer = self.buffers[model]
        buffer.append(values)
        if len(buffer) >= BATCH:
            self.flush(model)
        return pk

    def flush(self, model: type[models.Model]) -> None:
        rows = self.buffers.pop(model, [])
        if not rows:
            return
        started = time.monotonic()
        if self.copy:
            self._copy(model, rows)
        else:
            model.objects.bulk_create([model(**row) for row in rows], batch_size=BATCH)
        self.seconds[model] += time.monotonic() - started
        self.counts[model] += len(rows)

    def _copy(self, model: type[models.Model], rows: list[dict]) -> None:
        fields = list(model._meta.concrete_fields)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        defaults = []
        for f in fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                defaults.append(self.now)
            else:
                # As a model instance would have it: the default, "" for a text field
                # that may be blank but not NULL, else None.
                defaults.append(f.get_default())
        names = [f.attname for f in fields]
        sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row([row.get(n, d) for n, d in zip(names, defaults, strict=True)])

    def finish(self) -> None:
        for model in list(self.buffers):
            self.flush(model)
        # Ids were chosen here, so move PostgreSQL's sequences past them.
        models_written = list(self.next_id)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models_written):
                cursor.execute(sql)


@dataclass
class Episode:
    person: int
    locality: int
    intro: int
    lead: int
    themes: list[str]
    walking: bool
    first_ago: int
    end_ago: int

    def some_day(self, rng: random.Random) -> int:
        return rng.randint(self.end_ago, self.first_ago)


class TierBuilder:
    """Lays out one tier person by person and streams the rows to the database."""

    def __init__(self, tier: Tier, *, today: date, log=print) -> None:
        self.tier = tier
        self.today = today
        self.rng = random.Random(SEED)
        self.out = Writer(copy=tier.copy)
        self.log = log
        # Contacts per episode scale with the tier's target: about 15 per introduction.
        self.walking_gap = (3, 11)
        self.days = {ago: today - timedelta(days=ago) for ago in range(HISTORY_DAYS + 400)}

    def on(self, ago: int) -> date:
        return self.days[ago]

    # --- configuration, places and users (small: the ORM) -----------------------------

    def configuration(self) -> None:
        def named(objs: list[models.Model]) -> dict[str, models.Model]:
            return {obj.name: obj for obj in type(objs[0]).objects.bulk_create(objs)}

        self.themes = {n: t.pk for n, t in named([Theme(name=n) for n in data.THEMES]).items()}
        self.categories = named([AssetCategory(name=n) for n in data.ASSET_CATEGORIES])
        sources = named([ReferralSource(name=n, category=c) for n, c, *_ in data.REFERRAL_SOURCES])
        self.sources = [(sources[n].pk, who) for n, _c, _w, who in data.REFERRAL_SOURCES]
        self.source_weights = [w for _n, _c, w, _who in data.REFERRAL_SOURCES]
        reasons = named([ClosingReason(name=n) for n, _w in data.CLOSING_REASONS])
        self.reasons = [reasons[n].pk for n, _w in data.CLOSING_REASONS]
        self.reason_weights = [w for _n, w in data.CLOSING_REASONS]
        types = []
        for name, level, description, value in data.OUTCOME_TYPES:
            outcome_type = OutcomeType(name=name, level=level, description=description)
            if value is not None:
                outcome_type.unit_value, outcome_type.price_year = Decimal(value), 2024
                outcome_type.value_source = data.DEMO_VALUE
            types.append(outcome_type)
        self.outcome_types = {n: t.pk for n, t in named(types).items()}

    def places_and_users(self) -> None:
        tier, rng = self.tier, self.rng
        names = place_names(tier.localities)
        localities = Locality.objects.bulk_create(
            Locality(
                name=name,
                district=DISTRICT_NAMES[i // 5],
                population=rng.randint(5000, 18000),
                lac_started_on=self.on(HISTORY_DAYS + rng.randint(0, 365)),
                annual_cost=Decimal(rng.randint(38, 55) * 1000),
            )
            for i, name in enumerate(names)
        )
        self.localities = [loc.pk for loc in localities]
        self.locality_names = names
        groups = {g.name: g.pk for g in Group.objects.filter(name__in=Role.values)}
        if len(groups) != len(Role.values):
            raise CommandError("The role groups are missing: run `manage.py migrate` first.")
        password = make_password(data.PASSWORD)  # hashing is slow by design: hash once
        users: list[tuple[User, str, list[int]]] = []

        def user(username: str, role: str, places: list[int], **flags) -> None:
            first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
            email = f"{username}@{data.COUNTY.lower()}.example"
            obj = User(
                username=username,
                first_name=first,
                last_name=last,
                email=email,
                password=password,
                **flags,
            )
            users.append((obj, role, places))

        # Coordinator k works in locality k mod n: every locality has one, bigger tiers
        # several. People are spread in proportion, so every caseload is about the same.
        self.coordinators_in: dict[int, list[int]] = defaultdict(list)
        for k in range(tier.coordinators):
            username = "coordinator" if k == 0 else f"coordinator{k + 1}"
            user(username, Role.COORDINATOR, [self.localities[k % tier.localities]])
        districts = sorted({DISTRICT_NAMES[i // 5] for i in range(tier.localities)})
        user("manager", Role.MANAGER, [], covers_all_localities=True)
        for d, district in enumerate(districts):
            places = [
                pk for i, pk in enumerate(self.localities) if DISTRICT_NAMES[i // 5] == district
            ]
            user(f"manager{d + 2}", Role.MANAGER, places)
        user("admin", Role.ADMINISTRATOR, [], is_staff=True, covers_all_localities=True)
        User.objects.bulk_create([u for u, _r, _p in users], batch_size=BATCH)
        UserGroup.objects.bulk_create(
            [UserGroup(user_id=u.pk, group_id=groups[role]) for u, role, _p in users],
            batch_size=BATCH,
        )
        UserLocality.objects.bulk_create(
            [UserLocality(user_id=u.pk, locality_id=p) for u, _r, places in users for p in places],
            batch_size=BATCH,
        )
        for u, role, places in users:
            if role == Role.COORDINATOR:
                self.coordinators_in[places[0]].append(u.pk)

    def assets(self) -> None:
        rng, made = self.rng, []
        for name, locality in zip(self.locality_names, self.localities, strict=True):
            for template, category, themes, can_develop in rng.sample(
                data.ASSET_TEMPLATES, rng.randint(10, 16)
            ):
                asset = CommunityAsset(
                    name=template.format(place=name, saint=rng.choice(data.SAINTS)),
                    category=self.categories[category],
                    locality_id=locality,
                    description=data.ASSET_DESCRIPTIONS[category],
                    contact_details=f"01632 960{rng.randint(100, 999)}",
                )
                if can_develop and rng.random() < 0.6:
                    asset.developed_with_lac = True
                    asset.developed_on = self.on(rng.randint(30, HISTORY_DAYS))
                made.append((asset, themes))
        for name, category, themes in data.AREA_WIDE_ASSETS:
            asset = CommunityAsset(
                name=name,
                category=self.categories[category],
                description=data.ASSET_DESCRIPTIONS[category],
            )
            made.append((asset, themes))
        CommunityAsset.objects.bulk_create([a for a, _t in made], batch_size=BATCH)
        AssetTheme.objects.bulk_create(
            [
                AssetTheme(communityasset_id=a.pk, theme_id=self.themes[t])
                for a, themes in made
                for t in themes
            ],
            batch_size=BATCH,
        )
        area_wide = [(a.pk, a.category.name, set(t)) for a, t in made if a.locality_id is None]
        self.assets_in: dict[int, list[tuple[int, str, set[str]]]] = defaultdict(list)
        for a, themes in made:
            if a.locality_id is not None:
                self.assets_in[a.locality_id].append((a.pk, a.category.name, set(themes)))
        for locality in self.localities:
            self.assets_in[locality] += area_wide

    # --- people and their history (big: streamed) -------------------------------------

    def people(self) -> None:
        rng, tier = self.rng, self.tier
        self.achievers = defaultdict(list)
        # An equal share per coordinator, so every caseload is about the same size.
        made = 0
        for k, locality in enumerate(self.localities):
            leads = self.coordinators_in[locality]
            share = round(tier.people * len(leads) / tier.coordinators)
            if k == len(self.localities) - 1:
                share = tier.people - made  # rounding: the last locality takes the rest
            for _ in range(share):
                self.person(locality, rng.choice(leads))
            made += share

    def person(self, locality: int, lead: int) -> None:
        rng, out = self.rng, self.out
        first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
        introduced_ago = rng.randint(0, HISTORY_DAYS)
        age = rng.choice([rng.randint(18, 49), rng.randint(50, 69), rng.randint(70, 92)])
        unit = "".join(rng.sample("ABDEFGHJLNPQRTUWXY", 2))
        person = out.add(
            Person,
            first_name=first,
            last_name=last,
            locality_id=locality,
            lead_coordinator_id=lead,
            date_of_birth=self.today - timedelta(days=age * 365 + rng.randint(0, 364)),
            phone=f"07700 900{rng.randint(100, 999)}" if rng.random() < 0.8 else "",
            address=f"{rng.randint(1, 120)} {rng.choice(data.STREETS)}",
            postcode=f"WX{rng.randint(1, 99)} {rng.randint(1, 9)}{unit}",
            vision=rng.choice(data.VISIONS) if rng.random() < 0.7 else "",
            strengths=rng.choice(data.STRENGTHS) if rng.random() < 0.7 else "",
            consent_recorded_on=self.on(introduced_ago),
            created_by_id=lead,
        )
        linked: set[int] = set()
        closed_ago = self.introduction(person, locality, lead, introduced_ago, linked, True)
        if closed_ago is not None and closed_ago > 60 and rng.random() < 0.3:  # introduced again
            self.introduction(
                person, locality, lead, rng.randint(0, closed_ago - 30), linked, False
            )

    def introduction(
        self,
        person: int,
        locality: int,
        lead: int,
        introduced_ago: int,
        linked: set[int],
        first_episode: bool,
    ) -> int | None:
        rng, out = self.rng, self.out
        walking = rng.random() < 0.45
        closed_ago = introduced_ago - (rng.randint(100, 400) if walking else rng.randint(10, 80))
        closed_ago = closed_ago if closed_ago >= 0 else None
        first_ago = max(
            introduced_ago - rng.randint(1, 9), -1 if closed_ago is None else closed_ago
        )
        if first_ago < 0 or (closed_ago is None and introduced_ago <= 14 and rng.random() < 0.4):
            first_ago = None  # still waiting for a first conversation
        themes = list(
            dict.fromkeys(rng.choices(data.THEMES, data.THEME_WEIGHTS, k=rng.randint(1, 3)))
        )
        source, introducers = rng.choices(self.sources, self.source_weights)[0]
        values = {
            "person_id": person,
            "locality_id": locality,
            "referral_source_id": source,
            "introducer": rng.choice(introducers),
            "introduced_on": self.on(introduced_ago),
            "what_is_happening": " ".join(data.WHAT_IS_HAPPENING[t] for t in themes[:2]),
            "first_contact_on": None if first_ago is None else self.on(first_ago),
            "next_step": rng.choice(data.NEXT_STEPS) if closed_ago is None else "",
            "created_by_id": lead,
            "support_level": SupportLevel.WALKING_ALONGSIDE
            if walking
            else SupportLevel.INFORMATION,
        }
        if closed_ago is not None:
            values["closed_on"] = self.on(closed_ago)
            values["closing_reason_id"] = rng.choices(self.reasons, self.reason_weights)[0]
        intro = out.add(Introduction, **values)
        for theme in themes:
            out.add(IntroductionTheme, introduction_id=intro, theme_id=self.themes[theme])
        if first_ago is None:
            if rng.random() < 0.4:
                self.contact(intro, lead, rng.randint(0, introduced_ago), "attempted")
            return closed_ago
        ep = Episode(person, locality, intro, lead, themes, walking, first_ago, closed_ago or 0)
        if walking and rng.random() < 0.7:
            out.add(
                SupportLevelChange,
                introduction_id=intro,
                support_level=SupportLevel.WALKING_ALONGSIDE,
                changed_on=self.on(max(first_ago - rng.randint(7, 40), ep.end_ago)),
                changed_by_id=lead,
            )
        self.contacts(ep)
        joined = self.connections(ep, linked)
        achieved = self.outcomes(ep, joined)
        if achieved:
            self.achievers[locality].append(ep)
        self.wellbeing(ep, first_episode)
        return closed_ago

    def contacts(self, ep: Episode) -> None:
        rng, last_ago = self.rng, ep.end_ago
        if not ep.end_ago and ep.first_ago > 45 and rng.random() < 0.2:
            last_ago = rng.randint(31, min(ep.first_ago, 75))  # gone quiet: the caseload flags it
        self.contact(ep.intro, ep.lead, ep.first_ago, rng.choice(["in_person", "phone"]))
        ago, count, (low, high) = ep.first_ago, 1, self.walking_gap
        while (ago := ago - (rng.randint(low, high) if ep.walking else rng.randint(7, 35))) >= (
            last_ago
        ):
            if not ep.walking and count == 3:
                break
            self.contact(ep.intro, ep.lead, ago, rng.choices(MODES, MODE_WEIGHTS)[0])
            count += 1

    def contact(self, intro: int, lead: int, ago: int, mode: str) -> None:
        rng = self.rng
        _weight, low, high = data.CONTACT_MODES[mode]
        values = {
            "introduction_id": intro,
            "contact_on": self.on(ago),
            "mode": mode,
            "minutes": round(rng.randint(low, high) / 5) * 5,
            "note": rng.choice(data.CONTACT_NOTES[mode]),
            "recorded_by_id": lead,
        }
        if mode != "attempted":
            for area in rng.choices(AREA_FIELDS, data.AREA_WEIGHTS, k=rng.randint(1, 3)):
                values[area] = True
        self.out.add(Contact, **values)

    def connections(self, ep: Episode, linked: set[int]) -> list[tuple[int, str, int]]:
        """Link the person to assets matching their themes; return (asset, category, ago)."""
        rng, joined, wanted = self.rng, [], set(ep.themes)
        if rng.random() > (0.8 if ep.walking else 0.5):
            return joined
        candidates = [a for a in self.assets_in[ep.locality] if a[0] not in linked]
        matching = [a for a in candidates if a[2] & wanted] or candidates
        for asset, category, _themes in rng.sample(
            matching, min(len(matching), rng.randint(1, 3 if ep.walking else 2))
        ):
            linked.add(asset)
            suggested_ago = ep.some_day(rng)
            values = {
                "person_id": ep.person,
                "asset_id": asset,
                "introduction_id": ep.intro,
                "suggested_on": self.on(suggested_ago),
                "created_by_id": ep.lead,
                "status": ConnectionStatus.SUGGESTED,
            }
            roll = rng.random()
            if roll < 0.1 and not ep.end_ago:
                pass  # still only suggested
            elif roll < 0.2:
                values["status"], values["note"] = ConnectionStatus.ENDED, "Decided not to go."
                values["ended_on"] = self.on(max(suggested_ago - rng.randint(7, 30), 0))
            else:
                connected_ago = max(suggested_ago - rng.randint(2, 21), ep.end_ago)
                values["status"] = ConnectionStatus.CONNECTED
                values["connected_on"] = self.on(connected_ago)
                joined.append((asset, category, connected_ago))
                if roll > 0.85:
                    values["status"], values["note"] = ConnectionStatus.ENDED, "Stopped going."
                    values["ended_on"] = self.on(max(connected_ago - rng.randint(30, 150), 0))
            self.out.add(Connection, locality_id=ep.locality, **values)
        return joined

    def outcomes(self, ep: Episode, joined: list[tuple[int, str, int]]) -> bool:
        rng, achieved = self.rng, False
        for _asset, category, connected_ago in joined:
            if category in ("Group or club", "Activity") and rng.random() < 0.6:
                self.outcome("Joined a group", ep, connected_ago)
                achieved = True
        options = [name for theme in ep.themes for name in data.THEME_OUTCOMES[theme]]
        picks = rng.choices(options, k=rng.choice([0, 1, 1, 2, 2, 3] if ep.walking else [0, 0, 1]))
        for name in dict.fromkeys(picks):
            self.outcome(name, ep, ep.some_day(rng))
            achieved = True
        return achieved

    def outcome(self, name: str, ep: Episode, ago: int) -> None:
        self.out.add(
            Outcome,
            outcome_type_id=self.outcome_types[name],
            locality_id=ep.locality,
            person_id=ep.person,
            introduction_id=ep.intro,
            achieved_on=self.on(ago),
            quantity=self.rng.randint(2, 6) if name == "GP appointments avoided" else 1,
            recorded_by_id=ep.lead,
        )

    def wellbeing(self, ep: Episode, first_episode: bool) -> None:
        """ONS4 at the start, then every month or two while walking alongside."""
        rng = self.rng
        if not ep.walking and (not first_episode or rng.random() > 0.8):
            return
        scores = [rng.randint(2, 6), rng.randint(3, 6), rng.randint(2, 6), rng.randint(5, 9)]
        step = (1, 1, 1, -1) if rng.random() < 0.75 else (-1, -1, -1, 1)
        ago = max(ep.first_ago - rng.randint(0, 14), ep.end_ago)
        while True:
            self.out.add(
                WellbeingCheck,
                person_id=ep.person,
                locality_id=ep.locality,
                introduction_id=ep.intro,
                checked_on=self.on(ago),
                recorded_by_id=ep.lead,
                **dict(zip(ONS4, scores, strict=True)),
            )
            ago -= rng.randint(20, 40)
            if ago < ep.end_ago or not ep.walking:
                return
            scores = [
                min(10, max(0, s + d * rng.randint(0, 1)))
                for s, d in zip(scores, step, strict=True)
            ]

    def stories(self) -> None:
        rng, out = self.rng, self.out
        for locality in self.localities:
            achievers = self.achievers[locality]
            for ep in rng.sample(achievers, min(len(achievers), 10)):
                title, text = rng.choice(data.STORIES_INDIVIDUAL)
                consent = rng.choices(list(Consent), [3, 4, 3])[0]
                who = "someone I walk alongside" if consent == Consent.ANONYMISED else "They"
                story = out.add(
                    OutcomeStory,
                    locality_id=locality,
                    person_id=ep.person,
                    title=title,
                    text=text.format(who=who),
                    level=Level.INDIVIDUAL,
                    consent=consent,
                    featured=consent != Consent.NONE and rng.random() < 0.3,
                    told_on=self.on(ep.some_day(rng)),
                    written_by_id=ep.lead,
                )
                for theme in ep.themes:
                    out.add(StoryTheme, outcomestory_id=story, theme_id=self.themes[theme])

    # --- the whole tier ---------------------------------------------------------------

    def build(self) -> dict[str, float]:
        steps: dict[str, float] = {}

        def step(label: str, fn) -> None:
            started = time.monotonic()
            fn()
            steps[label] = time.monotonic() - started
            self.log(f"  {label:<34} {steps[label]:7.1f} s")

        step("configuration", self.configuration)
        step("localities and users", self.places_and_users)
        step("community assets", self.assets)
        step("people and their history", self.people)
        step("outcome stories", self.stories)
        step("last batches and sequences", self.out.finish)
        return steps


def tier_tables() -> list[str]:
    """Every table a tier fills, plus the activity tables that point at its users."""
    from django.apps import apps

    tables: list[str] = []
    for label in ("localities", "coordinators", "people", "outcomes", "auditlog", "axes"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            tables.append(model._meta.db_table)
    tables += ["django_admin_log", "django_session"]
    return tables


def flush_tier_data() -> None:
    """Empty every tier table at once (TRUNCATE on PostgreSQL), keeping the role groups."""
    existing = set(connection.introspection.table_names())
    tables = [t for t in tier_tables() if t in existing]
    statements = connection.ops.sql_flush(
        no_style(), tables, reset_sequences=True, allow_cascade=True
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Rows inserted earlier in this transaction leave deferred foreign-key checks
            # pending, and PostgreSQL refuses to TRUNCATE under them: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for sql in statements:
            cursor.execute(sql)


def summarise(models_: Iterable[type[models.Model]]) -> list[tuple[str, int]]:
    return [(m._meta.verbose_name_plural, m.objects.count()) for m in models_]
