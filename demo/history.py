"""What happens to each person, in every world: their introductions and, in each, the
support level, contacts, connections, outcomes, wellbeing checks and the closing.

Where the app has a rule, the generator asks it instead of repeating it: the first-contact
date comes from `first_contact_after` as each contact is logged, as the contact log does,
and every contact, connection, outcome and wellbeing check counts where `where_recorded`
says.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from demo import data, texts
from demo.places import Developed, Local, Setting
from demo.world import Calendar, World
from demo.writers import Writer
from outcomes.models import Outcome, WellbeingCheck
from people.models import (
    AREAS_OF_SUPPORT,
    Connection,
    ConnectionStatus,
    Contact,
    ContactMode,
    Introduction,
    Person,
    SupportLevel,
    SupportLevelChange,
    where_recorded,
)
from people.rules import first_contact_after

ONS4 = ["life_satisfaction", "worthwhile", "happiness", "anxiety"]
AREA_FIELDS = [name for name, _label in AREAS_OF_SUPPORT]
MODES, MODE_WEIGHTS = list(data.CONTACT_MODES), [w for w, *_ in data.CONTACT_MODES.values()]
FIRST_MODES = [ContactMode.IN_PERSON, ContactMode.IN_PERSON, ContactMode.PHONE]
GROUPS = {"Group or club", "Activity"}  # joining one of these is an outcome
IntroductionTheme = Introduction.themes.through


@dataclass(slots=True)
class Someone:
    """A person being laid out: what their episodes need to know of them."""

    id: int
    locality_id: int
    lead: int
    first_name: str
    linked: set[int] = field(default_factory=set)  # assets they are, or were, linked to
    checked: bool = False  # has wellbeing checks


@dataclass(slots=True)
class Episode:
    """One introduction that reached the person, with its span in days ago."""

    id: int
    person: Someone
    locality_id: int
    themes: list[str]
    walking: bool  # walking alongside, rather than information and connection
    first_ago: int  # the first contact
    end_ago: int  # closed, or 0 while still open
    counts_in: int  # where its records count
    achieved: bool = False  # has at least one outcome

    def spans(self, ago: int) -> bool:
        return self.first_ago >= ago >= self.end_ago

    def some_day(self, rng: random.Random) -> int:
        return rng.randint(self.end_ago, self.first_ago)


class WhileOpen(NamedTuple):
    """An episode as `where_recorded` reads it while its records are made: still open."""

    locality_id: int
    person: Someone
    closed_on: None = None


class Recorded(NamedTuple):
    """What `where_recorded` reads of a record about someone's support."""

    introduction_id: int | None
    introduction: WhileOpen | None
    person: Someone


class History:
    """Lays out people one by one and hands each row to the writer as it is decided."""

    def __init__(
        self,
        world: World,
        setting: Setting,
        *,
        out: Writer,
        rng: random.Random,
        calendar: Calendar,
    ) -> None:
        self.rhythm = world.rhythm
        self.setting = setting
        self.out = out
        self.rng = rng
        self.today = calendar.today
        self.on = calendar.on
        self.places = {local.id: local for local in setting.places}
        self.achievers: dict[int, list[Episode]] = defaultdict(list)  # by locality
        # Groups started within the records, each with up to two of the people working
        # with a coordinator at the time, sampled as episodes go by (a reservoir).
        self.helpers: dict[int, list[Episode]] = {}
        self.seen: dict[int, int] = defaultdict(int)
        self.starting: dict[int, list[Developed]] = defaultdict(list)  # by locality
        for local in setting.places:
            for group in local.developed:
                if group.ago <= self.rhythm.history_days:
                    self.starting[local.id].append(group)
                    self.helpers[group.id] = []

    def person(self, local: Local) -> None:
        rng, on = self.rng, self.on
        lead = rng.choice(local.leads)
        first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
        introduced_ago = rng.randint(0, self.rhythm.history_days)
        age = rng.choice([rng.randint(18, 49), rng.randint(50, 69), rng.randint(70, 92)])
        # WX is not a real postcode area; 07700 900xxx and 01632 960xxx are Ofcom's drama numbers.
        unit = "".join(rng.sample("ABDEFGHJLNPQRTUWXY", 2))
        email = f"{first}.{last}{rng.randint(1, 99)}@example.com".lower()
        pk = self.out.add(
            Person,
            first_name=first,
            last_name=last,
            locality_id=local.id,
            lead_coordinator_id=lead,
            date_of_birth=self.today - timedelta(days=age * 365 + rng.randint(0, 364)),
            phone=f"07700 900{rng.randint(100, 999)}" if rng.random() < 0.8 else "",
            email=email if rng.random() < 0.3 else "",
            address=f"{rng.randint(1, 120)} {rng.choice(data.STREETS)}, {local.name}",
            postcode=f"WX{rng.randint(1, 9)} {rng.randint(1, 9)}{unit}",
            vision=rng.choice(texts.VISIONS) if rng.random() < 0.7 else "",
            strengths=rng.choice(texts.STRENGTHS) if rng.random() < 0.7 else "",
            consent_recorded_on=on(introduced_ago),
            created_by_id=lead,
        )
        someone = Someone(pk, local.id, lead, first)
        closed_ago = self.introduction(someone, introduced_ago)
        if closed_ago is not None and closed_ago > 60 and rng.random() < 0.3:  # introduced again
            self.introduction(someone, rng.randint(0, closed_ago - 30))

    def introduction(self, person: Someone, introduced_ago: int) -> int | None:
        """Lay out one episode and everything in it; return when it closed (days ago)."""
        rng, on, setting = self.rng, self.on, self.setting
        walking = rng.random() < 0.45
        lasts = rng.randint(*self.rhythm.walking_lasts) if walking else rng.randint(10, 80)
        closed_ago = introduced_ago - lasts if lasts <= introduced_ago else None
        first_ago = max(
            introduced_ago - rng.randint(1, 9), -1 if closed_ago is None else closed_ago
        )
        if first_ago < 0 or (closed_ago is None and introduced_ago <= 14 and rng.random() < 0.4):
            first_ago = None  # still waiting for a first conversation
        themes = list(
            dict.fromkeys(rng.choices(data.THEMES, data.THEME_WEIGHTS, k=rng.randint(1, 3)))
        )
        source, introducers = rng.choices(setting.sources, setting.source_weights)[0]
        # Written last, once its contacts have given it a first-contact date.
        intro = {
            "id": self.out.reserve(Introduction),
            "person_id": person.id,
            "locality_id": person.locality_id,  # an episode opens where the person lives
            "referral_source_id": source,
            "introducer": rng.choice(introducers),
            "introduced_on": on(introduced_ago),
            "what_is_happening": " ".join(texts.WHAT_IS_HAPPENING[t] for t in themes[:2]),
            "next_step": rng.choice(texts.NEXT_STEPS) if closed_ago is None else "",
            "created_by_id": person.lead,
        }
        if closed_ago is not None:
            intro["closed_on"] = on(closed_ago)
            intro["closing_reason_id"] = rng.choices(setting.reasons, setting.reason_weights)[0]
        # Where everything recorded in it counts, each record made while it is open.
        counts_in = where_recorded(
            Recorded(intro["id"], WhileOpen(intro["locality_id"], person), person)
        )
        for theme in themes:
            self.out.add(
                IntroductionTheme, introduction_id=intro["id"], theme_id=setting.themes[theme]
            )
        first_contact = None
        if first_ago is None:
            intro["support_level"] = self.support_level(intro, None)
            if rng.random() < 0.4:
                tried_ago = rng.randint(0, introduced_ago)
                first_contact = self.contact(
                    intro["id"], counts_in, person.lead, tried_ago, "attempted", None
                )
        else:
            ep = Episode(
                intro["id"],
                person,
                intro["locality_id"],
                themes,
                walking,
                first_ago,
                closed_ago or 0,
                counts_in,
            )
            intro["support_level"] = self.support_level(intro, ep)
            first_contact = self.contacts(ep)
            self.outcomes(ep, joined=self.connections(ep))
            self.wellbeing(ep)
            self.may_help(ep)
        self.out.add(Introduction, first_contact_on=first_contact, **intro)
        return closed_ago

    def support_level(self, intro: dict, ep: Episode | None) -> str:
        """The starting level, recorded on the day of the introduction as the app does,
        and any change after; returns the level it ends at."""
        rng, on = self.rng, self.on
        walking = ep is not None and ep.walking
        start = walking and rng.random() < 0.3  # walking alongside from the start

        def change(level: str, day: date) -> None:
            self.out.add(
                SupportLevelChange,
                introduction_id=intro["id"],
                support_level=level,
                changed_on=day,
                changed_by_id=intro["created_by_id"],
            )

        level = SupportLevel.WALKING_ALONGSIDE if start else SupportLevel.INFORMATION
        change(level, intro["introduced_on"])
        if not walking or start:
            return level
        up_ago = max(ep.first_ago - rng.randint(7, 40), ep.end_ago)
        change(SupportLevel.WALKING_ALONGSIDE, on(up_ago))
        if ep.end_ago and up_ago - ep.end_ago > 40 and rng.random() < 0.2:  # eased off at the end
            change(SupportLevel.INFORMATION, on(ep.end_ago + rng.randint(5, 30)))
            return SupportLevel.INFORMATION
        return SupportLevel.WALKING_ALONGSIDE

    def contacts(self, ep: Episode) -> date | None:
        """From the first conversation on; returns the first-contact date they set."""
        rng, last_ago = self.rng, ep.end_ago
        if not ep.end_ago and ep.first_ago > 45 and rng.random() < 0.2:
            last_ago = rng.randint(31, min(ep.first_ago, 75))  # gone quiet: the caseload flags it
        lead, where = ep.person.lead, ep.counts_in
        first = self.contact(ep.id, where, lead, ep.first_ago, rng.choice(FIRST_MODES), None)
        low, high = self.rhythm.walking_gap if ep.walking else (7, 35)
        ago, count = ep.first_ago, 1
        while (ago := ago - rng.randint(low, high)) >= last_ago:
            if not ep.walking and count == 3:
                break
            mode = rng.choices(MODES, MODE_WEIGHTS)[0]
            first = self.contact(ep.id, where, lead, ago, mode, first)
            count += 1
        return first

    def contact(
        self, intro: int, counts_in: int, lead: int, ago: int, mode: str, first: date | None
    ) -> date | None:
        """Log one contact; return the episode's first-contact date with it logged."""
        rng, day = self.rng, self.on(ago)
        _weight, low, high = data.CONTACT_MODES[mode]
        values = {
            "introduction_id": intro,
            "locality_id": counts_in,
            "contact_on": day,
            "mode": mode,
            "minutes": round(rng.randint(low, high) / 5) * 5,
            "note": rng.choice(texts.CONTACT_NOTES[mode]),
            "recorded_by_id": lead,
        }
        if mode != ContactMode.ATTEMPTED:  # no answer: no area of support came up
            for area in rng.choices(AREA_FIELDS, data.AREA_WEIGHTS, k=rng.randint(1, 3)):
                values[area] = True
        self.out.add(Contact, **values)
        return first_contact_after(first, mode=mode, contact_on=day)

    def connections(self, ep: Episode) -> list[tuple[str, int]]:
        """Link the person to assets matching their themes; return (category, days ago)
        of each they joined."""
        rng, on, joined, linked = self.rng, self.on, [], ep.person.linked
        if rng.random() > (0.8 if ep.walking else 0.5):
            return joined
        candidates = [a for a in self.places[ep.locality_id].assets if a.id not in linked]
        wanted = set(ep.themes)
        matching = [a for a in candidates if a.themes & wanted] or candidates
        picked = rng.sample(matching, min(len(matching), rng.randint(1, 3 if ep.walking else 2)))
        for asset in picked:
            linked.add(asset.id)
            suggested_ago = ep.some_day(rng)
            values = {"status": ConnectionStatus.SUGGESTED}
            roll = rng.random()
            if roll < 0.1 and not ep.end_ago:
                pass  # still only suggested
            elif roll < 0.2:
                # Not for them; at the latest when the episode closed, as closing ends
                # every suggestion still open.
                ended_ago = max(suggested_ago - rng.randint(7, 30), ep.end_ago)
                values = {"status": ConnectionStatus.ENDED, "ended_on": on(ended_ago)}
                values["note"] = "Decided it wasn't for them."
            else:
                connected_ago = max(suggested_ago - rng.randint(2, 21), ep.end_ago)
                values = {"status": ConnectionStatus.CONNECTED, "connected_on": on(connected_ago)}
                joined.append((asset.category, connected_ago))
                # Only a connection that has had time to fade ends: never on the day it began.
                if roll > 0.85 and connected_ago - ep.end_ago > 45:
                    ended_ago = max(connected_ago - rng.randint(30, 150), ep.end_ago)
                    values["status"], values["ended_on"] = ConnectionStatus.ENDED, on(ended_ago)
                    values["note"] = "Stopped going after a while."
            self.out.add(
                Connection,
                person_id=ep.person.id,
                locality_id=ep.counts_in,
                asset_id=asset.id,
                introduction_id=ep.id,
                suggested_on=on(suggested_ago),
                created_by_id=ep.person.lead,
                **values,
            )
        return joined

    def outcomes(self, ep: Episode, joined: list[tuple[str, int]]) -> None:
        rng = self.rng
        for category, connected_ago in joined:
            if category in GROUPS and rng.random() < 0.6:
                self.outcome(ep, "Joined a group", connected_ago)
        options = [name for theme in ep.themes for name in data.THEME_OUTCOMES[theme]]
        picks = rng.choices(options, k=rng.choice([0, 1, 1, 2, 2, 3] if ep.walking else [0, 0, 1]))
        for name in dict.fromkeys(picks):
            self.outcome(ep, name, ep.some_day(rng))

    def outcome(self, ep: Episode, name: str, ago: int, note: str = "") -> None:
        self.out.add(
            Outcome,
            outcome_type_id=self.setting.outcome_types[name],
            locality_id=ep.counts_in,
            person_id=ep.person.id,
            introduction_id=ep.id,
            achieved_on=self.on(ago),
            quantity=self.rng.randint(2, 6) if name == "GP appointments avoided" else 1,
            note=note,
            recorded_by_id=ep.person.lead,
        )
        if not ep.achieved:
            ep.achieved = True
            self.achievers[ep.locality_id].append(ep)

    def wellbeing(self, ep: Episode) -> None:
        """ONS4 at the start, then now and then while walking alongside: most improve,
        some do not. Now and then a check in a lighter episode too, if the person has none."""
        rng, rhythm = self.rng, self.rhythm
        if not ep.walking and (ep.person.checked or rng.random() > 0.2):
            return
        ep.person.checked = True
        scores = [rng.randint(2, 6), rng.randint(3, 6), rng.randint(2, 6), rng.randint(5, 9)]
        step = (1, 1, 1, -1) if rng.random() < 0.75 else (-1, -1, -1, 1)  # anxiety: lower is better
        ago = max(ep.first_ago - rng.randint(0, 14), ep.end_ago)
        low, high = rhythm.checks_every
        for _ in range(rhythm.checks_at_most):
            self.out.add(
                WellbeingCheck,
                person_id=ep.person.id,
                locality_id=ep.counts_in,
                introduction_id=ep.id,
                checked_on=self.on(ago),
                recorded_by_id=ep.person.lead,
                **dict(zip(ONS4, scores, strict=True)),
            )
            ago -= rng.randint(low, high)
            if ago < ep.end_ago or not ep.walking:
                return
            scores = [
                min(10, max(0, s + d * rng.randint(0, rhythm.score_step)))
                for s, d in zip(scores, step, strict=True)
            ]

    def may_help(self, ep: Episode) -> None:
        """Someone working with a coordinator when a local group started may be one of the
        two who helped start it: each such episode equally likely, whatever its turn."""
        for group in self.starting.get(ep.locality_id, ()):
            if not ep.spans(group.ago):
                continue
            self.seen[group.id] += 1
            helpers = self.helpers[group.id]
            if len(helpers) < 2:
                helpers.append(ep)
            elif (slot := self.rng.randrange(self.seen[group.id])) < 2:
                helpers[slot] = ep
