from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect

from lac.idempotency import form_token, saved_at, saves_once
from lac.rendering import render
from lac.versioning import StaleEdit
from localities.asset_page import section_context
from localities.filters import CommunityAssetFilter
from localities.forms import CommunityAssetForm
from localities.models import CommunityAsset

ASSETS_PER_PAGE = 25


@permission_required("localities.view_communityasset", raise_exception=True)
def asset_list(request):
    """The community asset directory: the user's localities and area-wide assets."""
    assets = (
        CommunityAsset.objects.visible_to(request.user)
        .select_related("category", "locality")
        .prefetch_related("themes")
        .order_by("name", "pk")
    )
    filterset = CommunityAssetFilter(request.GET, queryset=assets, request=request)
    # A filter that does not validate (e.g. a locality the user does not cover) shows
    # its error and no rows, rather than silently ignoring it.
    found = filterset.qs if filterset.is_valid() else assets.none()
    page_obj = Paginator(found, ASSETS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "localities/communityasset_list.html",
        {"filter": filterset, "page_obj": page_obj},
    )


@permission_required("localities.view_communityasset", raise_exception=True)
def asset_detail(request, pk):
    """One asset: its details, and the sections other apps add (such as who is connected)."""
    asset = get_object_or_404(
        CommunityAsset.objects.visible_to(request.user)
        .select_related("category", "locality")
        .prefetch_related("themes"),
        pk=pk,
    )
    return render(
        request,
        "localities/communityasset_detail.html",
        {"asset": asset, **section_context(request, asset)},
    )


@permission_required("localities.add_communityasset", raise_exception=True)
@saves_once
def asset_new(request):
    """Add a community asset to the directory."""
    form = CommunityAssetForm(request.POST or None, user=request.user)
    if form.is_valid():
        asset = form.save()
        messages.success(request, f"Added “{asset}” to the directory.")
        return redirect(saved_at(request, asset))
    return render(
        request,
        "localities/communityasset_form.html",
        {"form": form, "form_token": form_token(request)},
    )


@permission_required("localities.change_communityasset", raise_exception=True)
def asset_edit(request, pk):
    """Change an asset the user can see; a stale form is refused with what changed."""
    asset = get_object_or_404(CommunityAsset.objects.visible_to(request.user), pk=pk)
    # Validation writes the typed values onto the instance; headings keep the saved name.
    asset_name = asset.name
    form = CommunityAssetForm(request.POST or None, instance=asset, user=request.user)
    changes = None
    if form.is_valid():
        try:
            asset = form.save_versioned()
        except StaleEdit as stale:
            changes = stale.changes
        else:
            messages.success(request, f"Saved “{asset}”.")
            return redirect(asset)
    return render(
        request,
        "localities/communityasset_form.html",
        {"form": form, "asset": asset, "asset_name": asset_name, "changes": changes},
    )
