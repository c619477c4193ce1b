"""Publishing the impact report: a frozen snapshot, its checksum, and what changed since.

A published report is the report as it was shown, kept as canonical JSON: keys sorted,
no spaces, text as UTF-8, numbers written exactly (money is never a float), dates as ISO
text. Its SHA-256 is over those bytes, so anyone who downloads the JSON can check it with
`sha256sum`. The page of a published report reads only this text; the figures are never
recomputed for it. Beside it, the same scope and period are worked out afresh, and every
figure that differs is listed ("changed since publication"), never changed silently.

Consent beats reproducibility: a story whose consent is withdrawn (or narrowed from
named to anonymised, or whose person's records were anonymised, or which was removed)
is taken out of every snapshot holding it, the checksum is recomputed, the one it was
published with is kept, and the snapshot says on which date a story was withdrawn.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import tomllib
from dataclasses import asdict, is_dataclass, replace
from decimal import Decimal
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from auditlog.models import LogEntry
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import capfirst

from coordinators.models import User
from localities.models import Locality
from outcomes.models import Consent, OutcomeStory
from reporting import tables
from reporting.dashboard_views import previous_scope
from reporting.figures import Figures
from reporting.models import GdpDeflator, PublishedReport, ValueSettings
from reporting.periods import Period, Scope
from reporting.report_views import REPORT_SECTIONS, shared_stories

# Bumped when the snapshot's shape changes, so a reader knows how to read an old one.
SNAPSHOT_FORMAT = 1


# Canonical JSON


def canonical_json(value: Any) -> str:
    """`value` (plain data: dicts, lists, text, ints, Decimals, None, booleans) as
    canonical JSON: the same data always gives the same text.

    Decimals are written in plain notation (never 1E+3), so reading the text back with
    `load_snapshot` and writing it again gives the same bytes.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"Not a number JSON can hold: {value}")
        return format(value, "f")
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        items = sorted(((str(key), item) for key, item in value.items()), key=lambda kv: kv[0])
        return (
            "{"
            + ",".join(f"{json.dumps(k, ensure_ascii=False)}:{canonical_json(v)}" for k, v in items)
            + "}"
        )
    if isinstance(value, list | tuple):
        return "[" + ",".join(canonical_json(item) for item in value) + "]"
    raise TypeError(f"Not plain data: {type(value).__name__}")


def plain(value: Any) -> Any:
    """`value` as the plain data `canonical_json` writes: dates as ISO text, floats as
    the Decimal they print as, dataclasses as dicts, anything else as its text."""
    if value is None or isinstance(value, bool | int | Decimal):
        return value
    if isinstance(value, str):
        return str(value)  # a choice's value, say, as plain text
    if isinstance(value, float):
        # No figure is infinite: one that is (a ratio over nothing) is no figure.
        return Decimal(repr(value)) if math.isfinite(value) else None
    if isinstance(value, dt.date):  # datetimes too
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return plain(asdict(value))
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(item) for item in value]
    return str(value)


def load_snapshot(text: str) -> dict:
    """The snapshot's data, numbers with a point read as exact Decimals."""
    return json.loads(text, parse_float=Decimal)


def checksum_of(text: str) -> str:
    """SHA-256 of the snapshot's UTF-8 bytes, as `sha256sum` prints it."""
    return hashlib.sha256(text.encode()).hexdigest()


def app_version() -> str:
    """The app's version: from the installed package, else from pyproject.toml."""
    try:
        return version("lac")
    except PackageNotFoundError:
        pyproject = Path(settings.BASE_DIR) / "pyproject.toml"
        try:
            return tomllib.loads(pyproject.read_text())["project"]["version"]
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            return "unknown"


# The snapshot


def report_tables(figures: Figures, *, stories: int) -> list[tuple[str, tables.Table]]:
    """The tables the impact report shows, each with the section it is in, in order;
    `stories` is how many it prints, its count of featured stories.

    The headline tiles show each figure beside the previous equal period: those figures
    are frozen too, as a second headline table.
    """
    types_table, value_table, _estimate = tables.value_tables(figures)
    previous = Figures(previous_scope(figures.scope))
    before = replace(
        tables.summary(previous),
        key="summary_previous",
        title=f"Headline figures, {previous.scope.period.label}",
    )
    return [
        ("Headline figures", tables.summary(figures, {"featured_stories": stories})),
        ("Headline figures", before),
        *[
            (section.title, tables.BUILDERS[section.chart](figures))
            for section in REPORT_SECTIONS
            if section.chart
        ],
        ("Wellbeing", tables.wellbeing_tables(figures)[0]),
        ("Value and method", types_table),
        ("Value and method", value_table),
        ("Value and method", tables.BUILDERS["value_sensitivity"](figures)),
    ]


def frozen_table(section: str, table: tables.Table) -> dict:
    return {
        "section": section,
        "key": table.key,
        "title": table.title,
        "headers": list(table.headers),
        "rows": plain(table.rows),
        "note": table.note,
        "chart_column": table.chart_column,
    }


def method_settings() -> dict:
    """The value method's settings as they stand: each with its label, and the deflator
    series. Read from the records, so a setting added there is frozen too."""
    current = ValueSettings.current()
    return {
        "settings": [
            [capfirst(str(field.verbose_name)), _setting(field, getattr(current, field.name))]
            for field in current._meta.concrete_fields
            if not field.primary_key
        ],
        "gdp_deflators": [
            plain(row) for row in GdpDeflator.objects.values_list("year", "index", "source")
        ],
    }


def _setting(field: models.Field, value: Any) -> Any:
    """A setting as the database gives it back: 25 % unsaved is 25.00 % saved, the same
    setting, so it must be written the same way."""
    if isinstance(field, models.DecimalField) and value is not None:
        value = Decimal(value).quantize(Decimal(1).scaleb(-field.decimal_places))
    return plain(value)


def _stories(scope: Scope, user: User) -> list[dict]:
    shown = shared_stories(scope, user)
    facts = {
        pk: (consent, locality)
        for pk, consent, locality in OutcomeStory.objects.filter(
            pk__in=[story.pk for story in shown]
        ).values_list("pk", "consent", "locality__name")
    }
    return [
        {
            "pk": story.pk,
            "title": story.title,
            "text": story.text,
            "level": plain(story.level),
            "told_on": plain(story.told_on),
            "attribution": story.attribution,
            "consent": facts[story.pk][0],
            "locality": facts[story.pk][1],
        }
        for story in shown
    ]


def report_snapshot(scope: Scope, *, user: User, published_at: dt.datetime) -> dict:
    """Everything the impact report shows `user` for `scope`, as plain data."""
    figures = Figures(scope)
    stories = _stories(scope, user)
    return {
        "format": SNAPSHOT_FORMAT,
        "title": f"Local Area Coordination impact report: {scope.label}",
        "scope": {
            "label": scope.label,
            "localities": [[pk, name] for pk, name, _cost in figures.localities],
            "period": scope.period.label,
            "start": plain(scope.start),
            "end": plain(scope.end),
        },
        "published": {"at": plain(published_at), "by": str(user)},
        "app_version": app_version(),
        "tables": [
            frozen_table(section, table)
            for section, table in report_tables(figures, stories=len(stories))
        ],
        "method": {**method_settings(), "value": plain(figures.value)},
        "stories": stories,
        "withdrawn": [],
    }


@transaction.atomic
def published_report_create(*, scope: Scope, by: User) -> PublishedReport:
    """Publish the impact report `by` sees for `scope`, and audit it."""
    published_at = timezone.now()
    snapshot = report_snapshot(scope, user=by, published_at=published_at)
    text = canonical_json(snapshot)
    report = PublishedReport.objects.create(
        scope_label=scope.label,
        start=scope.start,
        end=scope.end,
        period_label=scope.period.label,
        published_by=by,
        published_at=published_at,
        app_version=snapshot["app_version"],
        snapshot=text,
        checksum=checksum_of(text),
        published_checksum=checksum_of(text),
    )
    report.localities.set([pk for pk, _name in snapshot["scope"]["localities"]])
    LogEntry.objects.log_create(
        report,
        action=LogEntry.Action.CREATE,
        force_log=True,
        actor=by,
        changes={"checksum": [None, report.checksum]},
        additional_data={"purpose": "impact report published"},
    )
    return report


def scope_of(report: PublishedReport) -> Scope:
    """The published report's scope and period, to work its figures out afresh."""
    localities = Locality.objects.filter(pk__in=report.localities.values("pk"))
    period = Period(report.start, report.end, report.period_label)
    return Scope(localities, period, report.scope_label)


# Withdrawn consent


def _no_longer_shareable(frozen: dict, live: tuple[str, str] | None) -> bool:
    """Whether a story printed as `frozen` may no longer be shown, given the story as it
    is now, (consent, text), or None once it is gone."""
    if live is None:
        return True
    consent, text = live
    if consent == Consent.NONE or not text:  # text is required: empty means erased
        return True
    # Printed with their name, now to be shared only anonymised: the name must go.
    return frozen["consent"] == Consent.NAMED and consent != Consent.NAMED


def unshareable_stories(snapshot: dict) -> list[int]:
    """The stories in a snapshot whose consent no longer lets them be shown as printed.

    One query. Read each time a published report is shown, so a change that went round
    the story's save (a queryset update, the retention run) still takes the story out.
    """
    frozen = {story["pk"]: story for story in snapshot["stories"]}
    live = {
        pk: (consent, text)
        for pk, consent, text in OutcomeStory.objects.filter(pk__in=frozen).values_list(
            "pk", "consent", "text"
        )
    }
    return [pk for pk, story in frozen.items() if _no_longer_shareable(story, live.get(pk))]


@transaction.atomic
def published_report_withdraw_stories(
    *, report: PublishedReport, story_pks: list[int], on: dt.date
) -> PublishedReport:
    """Take stories out of a published report and recompute its checksum, keeping the
    checksum it was published with; the snapshot records the date of each withdrawal.

    Idempotent: a story already taken out is not counted again.
    """
    locked = PublishedReport.objects.select_for_update().get(pk=report.pk)
    snapshot = load_snapshot(locked.snapshot)
    kept = [story for story in snapshot["stories"] if story["pk"] not in story_pks]
    removed = len(snapshot["stories"]) - len(kept)
    if removed:
        snapshot["stories"] = kept
        snapshot["withdrawn"] += [{"on": on.isoformat()}] * removed
        locked.snapshot = canonical_json(snapshot)
        before, locked.checksum = locked.checksum, checksum_of(locked.snapshot)
        locked.save(update_fields=["snapshot", "checksum"])
        LogEntry.objects.log_create(
            locked,
            action=LogEntry.Action.UPDATE,
            force_log=True,
            changes={"checksum": [before, locked.checksum]},
            additional_data={"purpose": "story withdrawn from a published report"},
        )
    return locked


def withdraw_where_unshareable(report: PublishedReport) -> PublishedReport:
    """The report with any story that may no longer be shown taken out (usually none)."""
    story_pks = unshareable_stories(load_snapshot(report.snapshot))
    if not story_pks:
        return report
    return published_report_withdraw_stories(
        report=report, story_pks=story_pks, on=timezone.localdate()
    )


def story_withdraw_everywhere(story_pk: int) -> None:
    """Check every published report holding a story, after it changed or went.

    Canonical JSON writes a story's keys in order, "pk" just before "text", and escapes
    any quote inside text, so this pattern matches only the snapshots holding it.
    """
    holding = PublishedReport.objects.filter(snapshot__contains=f'"pk":{int(story_pk)},"text":')
    for report in holding:
        withdraw_where_unshareable(report)


def story_saved(sender, instance: OutcomeStory, created: bool, raw: bool, **kwargs) -> None:
    """A story was saved: take it out of published reports if it may no longer be shown
    as printed. Shared with the person's name and with its text, it may: nothing to read."""
    if raw or created:
        return  # fixtures load as they are; a new story is in no published report
    if instance.consent == Consent.NAMED and instance.text:
        return
    story_withdraw_everywhere(instance.pk)


def story_deleted(sender, instance: OutcomeStory, **kwargs) -> None:
    """A story was deleted (on its own, or with its person): it leaves published reports."""
    story_withdraw_everywhere(instance.pk)
