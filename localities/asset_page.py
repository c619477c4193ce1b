"""Sections that apps above `localities` add to a community asset's page.

The asset directory lives here, but who is connected to an asset is the business of
`people`, which sits above this app: it registers a section from its `AppConfig.ready()`
so that this app never names it (not by import, nor by related name).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

from localities.models import CommunityAsset


@dataclass(frozen=True)
class AssetSection:
    """A template drawn below the asset's details, with the context it needs."""

    template: str
    context: Callable[[HttpRequest, CommunityAsset], dict]


SECTIONS: list[AssetSection] = []


def register(*sections: AssetSection) -> None:
    for section in sections:
        if section not in SECTIONS:
            SECTIONS.append(section)


def section_context(request: HttpRequest, asset: CommunityAsset) -> dict:
    """The registered sections' templates and their context, merged into one."""
    context: dict = {"asset_sections": [section.template for section in SECTIONS]}
    for section in SECTIONS:
        context.update(section.context(request, asset))
    return context
