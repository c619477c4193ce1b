"""Build a realistic, repeatable demo: an invented county with ten LAC localities.

The content (counts, names, structure) is the same on every run: it comes from a seeded
random generator and is laid out in "days ago". Dates are then anchored on today, so the
demo always shows about 18 months of activity up to today and never a future date.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from auditlog.context import disable_auditlog
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
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
    ContactMode,
    Introduction,
    Person,
    SupportLevel,
    SupportLevelChange,
)

SEED = 2026
HISTORY_DAYS = 548  # about 18 months
ONS4 = ["life_satisfaction", "worthwhile", "happiness", "anxiety"]
AREA_FIELDS = [field for field, _label in AREAS_OF_SUPPORT]
MODES, MODE_WEIGHTS = list(data.CONTACT_MODES), [w for w, *_ in data.CONTACT_MODES.values()]
IntroductionTheme = Introduction.themes.through
AssetTheme = CommunityAsset.themes.through
StoryTheme = OutcomeStory.themes.through
# Bulk-created in this order, so every foreign key points at a saved row.
SAVE_ORDER = [
    Person,
    Introduction,
    IntroductionTheme,
    SupportLevelChange,
    Contact,
    Connection,
    Outcome,
    OutcomeStory,
    StoryTheme,
    WellbeingCheck,
]
# Deleted by --reset in this order, so nothing protected is still referenced.
DELETE_ORDER = [
    Outcome,
    OutcomeStory,
    WellbeingCheck,
    Person,
    CommunityAsset,
    OutcomeType,
    ClosingReason,
    ReferralSource,
    Theme,
    AssetCategory,
    Locality,
    User,
]
DEMO_USERNAMES = [c[0] for c in data.COORDINATORS] + [m[0] for m in data.MANAGERS] + [data.ADMIN[0]]


class Command(BaseCommand):
    help = "Build demo data: 10 localities, 8 coordinators and 18 months of LAC work."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete ALL people, configuration and users first, then rebuild the demo.",
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation before --reset deletes everything.",
        )

    def handle(self, *args, reset: bool, interactive: bool, **options) -> None:
        if reset and interactive:
            answer = input("--reset deletes ALL people, configuration and users. Type 'yes': ")
            if answer != "yes":
                raise CommandError("Reset cancelled.")
        if not reset:
            if User.objects.filter(username__in=DEMO_USERNAMES).exists():
                self.stdout.write("Demo data already present; nothing changed (--reset rebuilds).")
                self.print_logins()
                return
            if Locality.objects.exists() or Person.objects.exists():
                raise CommandError("The database already holds data; --reset replaces it.")
        started = time.monotonic()
        with transaction.atomic():
            if reset:
                # A demo wipe is not an event about any real person: don't audit each row.
                with disable_auditlog():
                    for model in DELETE_ORDER:
                        model.objects.all().delete()
            DemoBuilder(today=timezone.localdate()).build()
        self.stdout.write(self.style.SUCCESS(f"Demo built in {time.monotonic() - started:.1f} s:"))
        for model in [Locality, CommunityAsset, User, *SAVE_ORDER]:
            if model._meta.auto_created:
                continue  # a many-to-many table
            self.stdout.write(f"  {model.objects.count():>6}  {model._meta.verbose_name_plural}")
        self.print_logins()

    def print_logins(self) -> None:
        rows = [
            ("Coordinator", username, ", ".join(places))
            for username, *_, places in data.COORDINATORS
        ]
        rows[0] = (*rows[0][:2], f"{rows[0][2]} (the main demo login)")
        for username, *_, districts in data.MANAGERS:
            sees = f"{' and '.join(districts)} districts" if districts else "every locality"
            rows.append(("Manager", username, f"dashboards and reports: {sees}"))
        rows.append(("Administrator", data.ADMIN[0], "the Django admin (/admin/): configuration"))
        self.stdout.write(f"\nDemo logins (every password is {data.PASSWORD}):")
        self.stdout.write(f"  {'Role':<14} {'Username':<13} {'Password':<19} Sees")
        for role, username, sees in rows:
            self.stdout.write(f"  {role:<14} {username:<13} {data.PASSWORD:<19} {sees}")


@dataclass
class Episode:
    """One introduction being laid out, with its span in days ago."""

    person: Person
    intro: Introduction
    lead: User
    themes: list[str]
    walking: bool  # walking alongside, rather than information and connection
    first_ago: int  # first contact
    end_ago: int  # closed, or 0 while still open
    achieved: bool = False  # has at least one outcome

    def spans(self, ago: int) -> bool:
        return self.first_ago >= ago >= self.end_ago

    def some_day(self, rng: random.Random) -> int:
        return rng.randint(self.end_ago, self.first_ago)


def outcome_type(name: str, level: str, description: str, value: int | None) -> OutcomeType:
    outcome_type = OutcomeType(name=name, level=level, description=description)
    if value is not None:
        outcome_type.unit_value, outcome_type.price_year = Decimal(value), 2024
        outcome_type.value_source = data.DEMO_VALUE
    return outcome_type


class DemoBuilder:
    """Lays out the demo in memory, then saves it with a few bulk inserts."""

    def __init__(self, *, today: date) -> None:
        self.today = today
        self.rng = random.Random(SEED)
        self.rows: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        self.episodes: dict[str, list[Episode]] = defaultdict(list)  # by locality name
        self.password_hash = ""
        # Keyed by id(person): unsaved model instances are unhashable.
        self.linked: dict[int, set[int]] = defaultdict(set)  # asset pks a person is linked to
        self.checked: set[int] = set()  # people with wellbeing checks

    def on(self, ago: int) -> date:
        return self.today - timedelta(days=ago)

    def add(self, obj: models.Model) -> models.Model:
        self.rows[type(obj)].append(obj)
        return obj

    def build(self) -> None:
        self.configuration()
        self.localities_and_users()
        self.assets()
        for (*_, people), locality in zip(data.LOCALITIES, self.localities.values(), strict=True):
            for _ in range(people):
                self.person(locality)
        self.community_work()
        self.stories()
        for model in SAVE_ORDER:
            model.objects.bulk_create(self.rows[model], batch_size=500)

    def configuration(self) -> None:
        def named(objs: list[models.Model]) -> dict[str, models.Model]:
            return {obj.name: obj for obj in type(objs[0]).objects.bulk_create(objs)}

        self.themes = named([Theme(name=name) for name in data.THEMES])
        self.categories = named([AssetCategory(name=name) for name in data.ASSET_CATEGORIES])
        sources = named([ReferralSource(name=n, category=c) for n, c, *_ in data.REFERRAL_SOURCES])
        self.sources = [(sources[n], w, who) for n, _c, w, who in data.REFERRAL_SOURCES]
        reasons = named([ClosingReason(name=name) for name, _w in data.CLOSING_REASONS])
        self.reasons = [(reasons[name], weight) for name, weight in data.CLOSING_REASONS]
        self.outcome_types = named([outcome_type(*row) for row in data.OUTCOME_TYPES])

    def localities_and_users(self) -> None:
        self.localities = {}
        for name, district, population, ago, cost, _people in data.LOCALITIES:
            self.localities[name] = Locality(
                name=name,
                district=district,
                population=population,
                lac_started_on=self.on(ago),
                annual_cost=Decimal(cost),
            )
        Locality.objects.bulk_create(self.localities.values())
        self.groups = {group.name: group for group in Group.objects.filter(name__in=Role.values)}
        if len(self.groups) != len(Role.values):
            raise CommandError("The role groups are missing: run `manage.py migrate` first.")
        self.coordinators: dict[str, list[User]] = defaultdict(list)
        for username, first, last, places in data.COORDINATORS:
            user = self.user(username, first, last, Role.COORDINATOR, places)
            for place in places:
                self.coordinators[place].append(user)
        for username, first, last, districts in data.MANAGERS:
            places = [n for n, d, *_ in data.LOCALITIES if districts and d in districts]
            self.user(
                username, first, last, Role.MANAGER, places, covers_all_localities=not districts
            )
        username, first, last = data.ADMIN
        self.user(
            username, first, last, Role.ADMINISTRATOR, [], is_staff=True, covers_all_localities=True
        )

    def user(
        self, username: str, first: str, last: str, role: str, places: list[str], **flags
    ) -> User:
        email = f"{username}@{data.COUNTY.lower()}.example"
        user = User(username=username, first_name=first, last_name=last, email=email, **flags)
        if self.password_hash:
            user.password = self.password_hash  # hashing is slow by design: hash once
        else:
            user.set_password(data.PASSWORD)
            self.password_hash = user.password
        user.save()
        user.groups.add(self.groups[role])
        user.localities.set([self.localities[place] for place in places])
        return user

    def assets(self) -> None:
        rng, made = self.rng, []
        for (name, _d, _p, lac_ago, *_), locality in zip(
            data.LOCALITIES, self.localities.values(), strict=True
        ):
            for template, category, themes, can_develop in rng.sample(
                data.ASSET_TEMPLATES, rng.randint(6, 10)
            ):
                asset = CommunityAsset(
                    name=template.format(place=name, saint=rng.choice(data.SAINTS)),
                    category=self.categories[category],
                    locality=locality,
                    description=data.ASSET_DESCRIPTIONS[category],
                    contact_details=f"01632 960{rng.randint(100, 999)}",
                )
                if can_develop and rng.random() < 0.6:
                    asset.developed_with_lac = True
                    asset.developed_on = self.on(rng.randint(30, min(lac_ago, 900)))
                made.append((asset, themes))
        for name, category, themes in data.AREA_WIDE_ASSETS:
            made.append(
                (
                    CommunityAsset(
                        name=name,
                        category=self.categories[category],
                        description=data.ASSET_DESCRIPTIONS[category],
                    ),
                    themes,
                )
            )
        CommunityAsset.objects.bulk_create([asset for asset, _t in made])
        AssetTheme.objects.bulk_create(
            AssetTheme(communityasset=asset, theme=self.themes[t])
            for asset, themes in made
            for t in themes
        )
        self.developed = [asset for asset, _t in made if asset.developed_with_lac]
        area_wide = [(asset, set(t)) for asset, t in made if asset.locality is None]
        self.assets_in = {
            name: [(asset, set(t)) for asset, t in made if asset.locality == locality] + area_wide
            for name, locality in self.localities.items()
        }

    def person(self, locality: Locality) -> None:
        rng = self.rng
        lead = rng.choice(self.coordinators[locality.name])
        first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
        introduced_ago = rng.randint(0, HISTORY_DAYS)
        age = rng.choice([rng.randint(18, 49), rng.randint(50, 69), rng.randint(70, 92)])
        # WX is not a real postcode area; 07700 900xxx and 01632 960xxx are Ofcom's drama numbers.
        unit = "".join(rng.sample("ABDEFGHJLNPQRTUWXY", 2))
        postcode = f"WX{rng.randint(1, 9)} {rng.randint(1, 9)}{unit}"
        person = self.add(
            Person(
                first_name=first,
                last_name=last,
                locality=locality,
                lead_coordinator=lead,
                date_of_birth=self.on(age * 365 + rng.randint(0, 364)),
                phone=f"07700 900{rng.randint(100, 999)}" if rng.random() < 0.8 else "",
                email=f"{first}.{last}{rng.randint(1, 99)}@example.com".lower()
                if rng.random() < 0.3
                else "",
                address=f"{rng.randint(1, 120)} {rng.choice(data.STREETS)}, {locality.name}",
                postcode=postcode,
                vision=rng.choice(data.VISIONS) if rng.random() < 0.7 else "",
                strengths=rng.choice(data.STRENGTHS) if rng.random() < 0.7 else "",
                consent_recorded_on=self.on(introduced_ago),
                created_by=lead,
            )
        )
        closed_ago = self.introduction(person, lead, introduced_ago)
        if closed_ago is not None and closed_ago > 60 and rng.random() < 0.3:  # introduced again
            self.introduction(person, lead, rng.randint(0, closed_ago - 30))

    def introduction(self, person: Person, lead: User, introduced_ago: int) -> int | None:
        """Lay out one introduction and everything in it; return when it closed (days ago)."""
        rng = self.rng
        walking = rng.random() < 0.45
        closed_ago = introduced_ago - (rng.randint(120, 480) if walking else rng.randint(10, 80))
        closed_ago = closed_ago if closed_ago >= 0 else None
        first_ago = max(
            introduced_ago - rng.randint(1, 9), -1 if closed_ago is None else closed_ago
        )
        if first_ago < 0 or (closed_ago is None and introduced_ago <= 14 and rng.random() < 0.4):
            first_ago = None  # still waiting for a first conversation
        themes = list(
            dict.fromkeys(rng.choices(data.THEMES, data.THEME_WEIGHTS, k=rng.randint(1, 3)))
        )
        source, _w, introducers = rng.choices(self.sources, [w for _s, w, _i in self.sources])[0]
        intro = self.add(
            Introduction(
                person=person,
                locality_id=person.locality_id,
                referral_source=source,
                introducer=rng.choice(introducers),
                introduced_on=self.on(introduced_ago),
                what_is_happening=" ".join(data.WHAT_IS_HAPPENING[t] for t in themes[:2]),
                first_contact_on=None if first_ago is None else self.on(first_ago),
                next_step=rng.choice(data.NEXT_STEPS) if closed_ago is None else "",
                created_by=lead,
            )
        )
        if closed_ago is not None:
            intro.closed_on = self.on(closed_ago)
            intro.closing_reason = rng.choices(self.reasons, [w for _r, w in self.reasons])[0][0]
        for theme in themes:
            self.add(IntroductionTheme(introduction=intro, theme=self.themes[theme]))
        if first_ago is None:
            if rng.random() < 0.4:
                self.contact(intro, lead, rng.randint(0, introduced_ago), "attempted")
            return closed_ago
        ep = Episode(person, intro, lead, themes, walking, first_ago, end_ago=closed_ago or 0)
        self.episodes[person.locality.name].append(ep)
        self.support_level(ep)
        self.contacts(ep)
        self.outcomes(ep, joined=self.connections(ep))
        if id(person) not in self.checked:  # one series of checks per person, so change pairs
            self.checked.add(id(person))
            self.wellbeing(ep)
        return closed_ago

    def support_level(self, ep: Episode) -> None:
        rng = self.rng
        if not ep.walking:
            return  # information and connection throughout (the default)
        ep.intro.support_level = SupportLevel.WALKING_ALONGSIDE
        if rng.random() < 0.3:
            return  # walking alongside from the start
        up_ago = max(ep.first_ago - rng.randint(7, 40), ep.end_ago)
        self.add(
            SupportLevelChange(
                introduction=ep.intro,
                support_level=SupportLevel.WALKING_ALONGSIDE,
                changed_on=self.on(up_ago),
                changed_by=ep.lead,
            )
        )
        if ep.end_ago and up_ago - ep.end_ago > 40 and rng.random() < 0.2:  # eased off at the end
            ep.intro.support_level = SupportLevel.INFORMATION
            self.add(
                SupportLevelChange(
                    introduction=ep.intro,
                    support_level=SupportLevel.INFORMATION,
                    changed_on=self.on(ep.end_ago + rng.randint(5, 30)),
                    changed_by=ep.lead,
                )
            )

    def contacts(self, ep: Episode) -> None:
        rng, last_ago = self.rng, ep.end_ago
        if not ep.end_ago and ep.first_ago > 45 and rng.random() < 0.2:
            last_ago = rng.randint(31, min(ep.first_ago, 75))  # gone quiet: the caseload flags it
        self.contact(
            ep.intro, ep.lead, ep.first_ago, rng.choice(["in_person", "in_person", "phone"])
        )
        ago, count = ep.first_ago, 1
        while (ago := ago - (rng.randint(5, 21) if ep.walking else rng.randint(7, 35))) >= last_ago:
            if not ep.walking and count == 3:
                break
            self.contact(ep.intro, ep.lead, ago, rng.choices(MODES, MODE_WEIGHTS)[0])
            count += 1

    def contact(self, intro: Introduction, lead: User, ago: int, mode: str) -> None:
        rng = self.rng
        _weight, low, high = data.CONTACT_MODES[mode]
        areas = rng.choices(AREA_FIELDS, data.AREA_WEIGHTS, k=rng.randint(1, 3))
        self.add(
            Contact(
                introduction=intro,
                contact_on=self.on(ago),
                mode=mode,
                minutes=round(rng.randint(low, high) / 5) * 5,
                note=rng.choice(data.CONTACT_NOTES[mode]),
                recorded_by=lead,
                **dict.fromkeys(areas if mode != ContactMode.ATTEMPTED else [], True),
            )
        )

    def connections(self, ep: Episode) -> list[tuple[CommunityAsset, int]]:
        """Link the person to assets matching their themes; return (asset, days ago) joined."""
        rng, joined, wanted, linked = self.rng, [], set(ep.themes), self.linked[id(ep.person)]
        if rng.random() > (0.8 if ep.walking else 0.5):
            return joined
        candidates = sorted(
            self.assets_in[ep.person.locality.name],
            key=lambda pair: (-len(pair[1] & wanted), rng.random()),
        )
        fresh = [asset for asset, _t in candidates if asset.pk not in linked]
        for asset in fresh[: rng.randint(1, 3 if ep.walking else 2)]:
            linked.add(asset.pk)
            suggested_ago = ep.some_day(rng)
            link = self.add(
                Connection(
                    person=ep.person,
                    locality_id=ep.intro.locality_id,
                    asset=asset,
                    introduction=ep.intro,
                    suggested_on=self.on(suggested_ago),
                    created_by=ep.lead,
                )
            )
            roll = rng.random()
            if roll < 0.1 and not ep.end_ago:
                continue  # still only suggested
            if roll < 0.2:
                link.status, link.note = ConnectionStatus.ENDED, "Decided it wasn't for them."
                link.ended_on = self.on(max(suggested_ago - rng.randint(7, 30), 0))
                continue
            connected_ago = max(suggested_ago - rng.randint(2, 21), ep.end_ago)
            link.status, link.connected_on = ConnectionStatus.CONNECTED, self.on(connected_ago)
            joined.append((asset, connected_ago))
            # Only a connection that has had time to fade ends: never on the day it began.
            if roll > 0.85 and connected_ago - ep.end_ago > 45:
                link.status, link.note = ConnectionStatus.ENDED, "Stopped going after a while."
                link.ended_on = self.on(max(connected_ago - rng.randint(30, 150), ep.end_ago))
        return joined

    def outcomes(self, ep: Episode, joined: list[tuple[CommunityAsset, int]]) -> None:
        rng = self.rng
        for asset, connected_ago in joined:
            if asset.category.name in ("Group or club", "Activity") and rng.random() < 0.6:
                self.outcome("Joined a group", ep.person.locality, ep, connected_ago)
        options = [name for theme in ep.themes for name in data.THEME_OUTCOMES[theme]]
        picks = rng.choices(options, k=rng.choice([0, 1, 1, 2, 2, 3] if ep.walking else [0, 0, 1]))
        for name in dict.fromkeys(picks):
            self.outcome(name, ep.person.locality, ep, ep.some_day(rng))

    def outcome(
        self, name: str, locality: Locality, ep: Episode | None, ago: int, note: str = ""
    ) -> None:
        quantity = self.rng.randint(2, 6) if name == "GP appointments avoided" else 1
        outcome = self.add(
            Outcome(
                outcome_type=self.outcome_types[name],
                locality=locality,
                achieved_on=self.on(ago),
                quantity=quantity,
                note=note,
                recorded_by=self.coordinators[locality.name][0],
            )
        )
        if ep:
            ep.achieved = True
            outcome.person, outcome.introduction, outcome.recorded_by = ep.person, ep.intro, ep.lead

    def wellbeing(self, ep: Episode) -> None:
        """ONS4 at the start, then every three months or so: most improve, some do not."""
        rng = self.rng
        if not ep.walking and rng.random() > 0.2:
            return
        scores = [rng.randint(2, 6), rng.randint(3, 6), rng.randint(2, 6), rng.randint(5, 9)]
        step = (1, 1, 1, -1) if rng.random() < 0.75 else (-1, -1, -1, 1)  # anxiety: lower is better
        ago = max(ep.first_ago - rng.randint(0, 14), ep.end_ago)
        for _ in range(3):
            self.add(
                WellbeingCheck(
                    person=ep.person,
                    locality_id=ep.intro.locality_id,
                    introduction=ep.intro,
                    checked_on=self.on(ago),
                    recorded_by=ep.lead,
                    **dict(zip(ONS4, scores, strict=True)),
                )
            )
            ago -= rng.randint(75, 110)
            if ago < ep.end_ago or not ep.walking:
                break
            scores = [
                min(10, max(0, s + d * rng.randint(0, 2)))
                for s, d in zip(scores, step, strict=True)
            ]

    def community_work(self) -> None:
        """New groups started with LAC support, and the people who helped start them."""
        for asset in self.developed:
            ago = (self.today - asset.developed_on).days
            if ago > HISTORY_DAYS:
                continue  # started before the demo's records begin
            note = f"{asset.name} started with LAC support."
            self.outcome("New community resource established", asset.locality, None, ago, note)
            helpers = [ep for ep in self.episodes[asset.locality.name] if ep.spans(ago)]
            for ep in self.rng.sample(helpers, min(2, len(helpers))):
                note = f"One of the people who started {asset.name}."
                self.outcome("Helped start a group", asset.locality, ep, ago, note)

    def stories(self) -> None:
        rng = self.rng
        for name, locality in self.localities.items():
            achievers = [ep for ep in self.episodes[name] if ep.achieved]
            count = min(rng.randint(2, 3), len(achievers))
            stories = [
                (Level.INDIVIDUAL, title, text, ep)
                for (title, text), ep in zip(
                    rng.sample(data.STORIES_INDIVIDUAL, count),
                    rng.sample(achievers, count),
                    strict=True,
                )
            ]
            if achievers and rng.random() < 0.5:
                stories.append(
                    (Level.SYSTEM, *rng.choice(data.STORIES_SYSTEM), rng.choice(achievers))
                )
            developed = [asset for asset in self.developed if asset.locality == locality]
            if developed:
                stories.append((Level.COMMUNITY, *rng.choice(data.STORIES_COMMUNITY), developed[0]))
            featured = rng.random() < 0.6  # feature the first story with consent, if any
            for level, title, text, about in stories:
                if isinstance(about, Episode):
                    person, lead, themes = about.person, about.lead, about.themes
                    told_ago = about.some_day(rng)
                    consent = rng.choices(list(Consent), [3, 4, 3])[0]
                else:  # a new group: the people in it agreed to the story
                    person, lead, themes = None, self.coordinators[name][0], ["Loneliness"]
                    told_ago = rng.randint(0, min((self.today - about.developed_on).days, 365))
                    consent = rng.choice([Consent.ANONYMISED, Consent.NAMED])
                named = person and consent != Consent.ANONYMISED
                text = text.format(who=person.first_name if named else "someone I walk alongside")
                story = self.add(
                    OutcomeStory(
                        locality=locality,
                        person=person,
                        title=title,
                        level=level,
                        text=text[0].upper() + text[1:],
                        consent=consent,
                        told_on=self.on(told_ago),
                        featured=featured and consent != Consent.NONE,
                        written_by=lead,
                    )
                )
                featured = featured and not story.featured
                for theme in themes:
                    self.add(StoryTheme(outcomestory=story, theme=self.themes[theme]))
