"""What each locality does together, written once everyone's history is laid out: the
groups started with LAC support and the people who helped, and the stories of change."""

from __future__ import annotations

from demo import texts
from demo.history import Episode, History
from outcomes.models import Consent, Level, Outcome, OutcomeStory

StoryTheme = OutcomeStory.themes.through


def community_work(history: History) -> None:
    """New groups started with LAC support (an outcome for the locality) and the people
    who helped start them (an outcome each)."""
    started = history.setting.outcome_types["New community resource established"]
    for local in history.setting.places:
        for group in history.starting.get(local.id, ()):
            history.out.add(
                Outcome,
                outcome_type_id=started,
                locality_id=local.id,
                achieved_on=history.on(group.ago),
                quantity=1,
                note=f"{group.name} started with LAC support.",
                recorded_by_id=local.leads[0],
            )
            for ep in history.helpers[group.id]:
                note = f"One of the people who started {group.name}."
                history.outcome(ep, "Helped start a group", group.ago, note)


def stories(history: History) -> None:
    """A few stories of change in each locality: about people with outcomes, sometimes
    about the system, and about a group started there. The first one shared with
    consent is featured, in most localities."""
    rng, on, out, themes = history.rng, history.on, history.out, history.setting.themes
    for local in history.setting.places:
        achievers = history.achievers[local.id]
        count = min(rng.randint(*history.rhythm.stories_per_place), len(achievers))
        # Every tale once before any is told twice.
        tales = rng.sample(texts.STORIES_INDIVIDUAL, len(texts.STORIES_INDIVIDUAL))
        told = [
            (Level.INDIVIDUAL, *tales[i % len(tales)], ep)
            for i, ep in enumerate(rng.sample(achievers, count))
        ]
        if achievers and rng.random() < 0.5:
            told.append((Level.SYSTEM, *rng.choice(texts.STORIES_SYSTEM), rng.choice(achievers)))
        if local.developed:
            told.append((Level.COMMUNITY, *rng.choice(texts.STORIES_COMMUNITY), local.developed[0]))
        featured = rng.random() < 0.6
        for level, title, text, about in told:
            if isinstance(about, Episode):
                person, lead, about_themes = about.person, about.person.lead, about.themes
                told_ago = about.some_day(rng)
                consent = rng.choices(list(Consent), [3, 4, 3])[0]
            else:  # a new group: the people in it agreed to the story
                person, lead, about_themes = None, local.leads[0], ["Loneliness"]
                told_ago = rng.randint(0, min(about.ago, 365))
                consent = rng.choice([Consent.ANONYMISED, Consent.NAMED])
            named = person is not None and consent != Consent.ANONYMISED
            text = text.format(who=person.first_name if named else "someone I walk alongside")
            shared = consent != Consent.NONE
            story = out.add(
                OutcomeStory,
                locality_id=local.id,
                person_id=person.id if person else None,
                title=title,
                level=level,
                text=text[0].upper() + text[1:],
                consent=consent,
                told_on=on(told_ago),
                featured=featured and shared,
                written_by_id=lead,
            )
            featured = featured and not shared
            for theme in about_themes:
                out.add(StoryTheme, outcomestory_id=story, theme_id=themes[theme])
