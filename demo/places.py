"""A world's setting, written before anyone is introduced: the configuration lists
(themes, referral sources, closing reasons, outcome types), the localities, the team's
accounts and the community assets."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import CommandError

from coordinators.models import Role, User
from demo import data
from demo.world import Calendar, World
from demo.writers import Writer
from localities.models import AssetCategory, CommunityAsset, Locality, ReferralSource, Theme
from outcomes.models import OutcomeType
from people.models import ClosingReason

AssetTheme = CommunityAsset.themes.through
UserGroup = User.groups.through
UserLocality = User.localities.through


@dataclass(frozen=True)
class Asset:
    id: int
    category: str
    themes: frozenset[str]


@dataclass(frozen=True)
class Developed:
    """An asset local people started with LAC support."""

    id: int
    name: str
    locality: int
    ago: int


@dataclass
class Local:
    """A locality as the generator sees it: ids, not model instances."""

    id: int
    name: str
    people: int
    leads: list[int] = field(default_factory=list)  # its coordinators
    assets: list[Asset] = field(default_factory=list)  # its own, then the area-wide ones
    developed: list[Developed] = field(default_factory=list)


@dataclass
class Setting:
    themes: dict[str, int]
    sources: list[tuple[int, list[str]]]  # (referral source, introducers to pick from)
    source_weights: list[int]
    reasons: list[int]
    reason_weights: list[int]
    outcome_types: dict[str, int]
    places: list[Local]


def settle(world: World, *, out: Writer, rng: random.Random, calendar: Calendar) -> Setting:
    setting = configure(out)
    setting.places = localities(world, out=out, calendar=calendar)
    team(world, out=out, places={local.name: local for local in setting.places})
    assets(world, setting, out=out, rng=rng, calendar=calendar)
    return setting


def configure(out: Writer) -> Setting:
    types = {}
    for name, level, description, value in data.OUTCOME_TYPES:
        valued = {}
        if value is not None:
            years, drop_off = data.DEMO_DURATIONS.get(name, (1, 0))
            valued = {"unit_value": Decimal(value), "price_year": 2024}
            valued["value_source"] = data.DEMO_VALUE
            valued |= {"duration_years": years, "drop_off_pct": Decimal(drop_off)}
        types[name] = out.add(
            OutcomeType, name=name, level=level, description=description, **valued
        )
    return Setting(
        themes={name: out.add(Theme, name=name) for name in data.THEMES},
        sources=[
            (out.add(ReferralSource, name=name, category=category), introducers)
            for name, category, _w, introducers in data.REFERRAL_SOURCES
        ],
        source_weights=[weight for _n, _c, weight, _i in data.REFERRAL_SOURCES],
        reasons=[out.add(ClosingReason, name=name) for name, _w in data.CLOSING_REASONS],
        reason_weights=[weight for _n, weight in data.CLOSING_REASONS],
        outcome_types=types,
        places=[],
    )


def localities(world: World, *, out: Writer, calendar: Calendar) -> list[Local]:
    return [
        Local(
            id=out.add(
                Locality,
                name=place.name,
                district=place.district,
                population=place.population,
                lac_started_on=calendar.on(place.lac_started_ago),
                annual_cost=Decimal(place.annual_cost),
            ),
            name=place.name,
            people=place.people,
        )
        for place in world.places
    ]


def team(world: World, *, out: Writer, places: dict[str, Local]) -> None:
    """Every account, each in its role's group; coordinators become their places' leads."""
    groups = dict(Group.objects.filter(name__in=Role.values).values_list("name", "pk"))
    if len(groups) != len(Role.values):
        raise CommandError("The role groups are missing: run `manage.py migrate` first.")
    password = make_password(data.PASSWORD)  # hashing is slow by design: hash once
    for member in world.team:
        user = out.add(
            User,
            username=member.username,
            first_name=member.first_name,
            last_name=member.last_name,
            email=f"{member.username}@{data.COUNTY.lower()}.example",
            password=password,
            is_staff=member.is_staff,
            covers_all_localities=member.covers_all_localities,
        )
        out.add(UserGroup, user_id=user, group_id=groups[member.role])
        for name in member.places:
            out.add(UserLocality, user_id=user, locality_id=places[name].id)
            if member.role == Role.COORDINATOR:
                places[name].leads.append(user)


def assets(
    world: World, setting: Setting, *, out: Writer, rng: random.Random, calendar: Calendar
) -> None:
    """Assets of each locality, some started with LAC support, and area-wide ones."""
    categories = {name: out.add(AssetCategory, name=name) for name in data.ASSET_CATEGORIES}

    def asset(name: str, category: str, themes: list[str], **values) -> Asset:
        pk = out.add(
            CommunityAsset,
            name=name,
            category_id=categories[category],
            description=data.ASSET_DESCRIPTIONS[category],
            **values,
        )
        for theme in themes:
            out.add(AssetTheme, communityasset_id=pk, theme_id=setting.themes[theme])
        return Asset(pk, category, frozenset(themes))

    own: dict[int, list[Asset]] = defaultdict(list)
    for place, local in zip(world.places, setting.places, strict=True):
        chosen = rng.sample(data.ASSET_TEMPLATES, rng.randint(*world.rhythm.assets_per_place))
        for template, category, themes, can_develop in chosen:
            name = template.format(place=place.name, saint=rng.choice(data.SAINTS))
            values = {
                "locality_id": local.id,
                "contact_details": f"01632 960{rng.randint(100, 999)}",
            }
            developed_ago = None
            if can_develop and rng.random() < 0.6:
                oldest = min(place.lac_started_ago, world.rhythm.history_days + 365)
                developed_ago = rng.randint(30, oldest)
                values["developed_with_lac"] = True
                values["developed_on"] = calendar.on(developed_ago)
            made = asset(name, category, themes, **values)
            own[local.id].append(made)
            if developed_ago is not None:
                local.developed.append(Developed(made.id, name, local.id, developed_ago))
    area_wide = [asset(*row) for row in data.AREA_WIDE_ASSETS]
    for local in setting.places:
        local.assets = own[local.id] + area_wide
