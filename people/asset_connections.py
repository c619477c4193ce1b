"""Who is connected to a community asset, shown on the asset's page in `localities`."""

from __future__ import annotations

from django.http import HttpRequest

from localities.asset_page import AssetSection
from localities.models import CommunityAsset, Locality
from people.models import Connection, ConnectionStatus


def connected_people(request: HttpRequest, asset: CommunityAsset) -> dict:
    # People in localities the user does not cover appear nowhere, not even in the count.
    connections = (
        Connection.objects.filter(
            asset=asset,
            status=ConnectionStatus.CONNECTED,
            person__locality__in=Locality.objects.visible_to(request.user),
        )
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "person__pk")
    )
    return {"connections": connections, "connected_count": connections.count()}


SECTION = AssetSection(template="people/_asset_connections.html", context=connected_people)
