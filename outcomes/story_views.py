from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from lac.pagination import keyset_page
from lac.redirects import local_next
from lac.rendering import render
from localities.models import Locality
from outcomes import services
from outcomes.models import OutcomeStory


@permission_required("localities.view_dashboard", raise_exception=True)
def story_list(request):
    """Stories of change in the manager's localities, to choose which reports feature."""
    localities = list(Locality.objects.visible_to(request.user))
    stories = OutcomeStory.objects.visible_to(request.user).select_related("locality", "person")
    chosen = request.GET.get("locality", "")
    if chosen.isdigit() and any(loc.pk == int(chosen) for loc in localities):
        stories = stories.filter(locality_id=int(chosen))
    if request.GET.get("featured") == "1":
        stories = stories.filter(featured=True)
    page = keyset_page(stories, ordering=["-told_on", "-pk"], request=request, per_page=25)
    return render(
        request,
        "outcomes/outcomestory_list.html",
        {"page": page, "localities": localities, "chosen": chosen},
    )


@require_POST
@permission_required("localities.view_dashboard", raise_exception=True)
def story_feature(request, pk):
    """Feature a story in impact reports, or stop featuring it."""
    story = get_object_or_404(OutcomeStory.objects.visible_to(request.user), pk=pk)
    feature = request.POST.get("featured") == "1"
    try:
        services.story_feature(story=story, featured=feature, by=request.user)
    except ValidationError as refused:  # no consent to share, perhaps withdrawn just now
        messages.error(request, refused.message)
    else:
        verb = "now featured in reports" if feature else "no longer featured"
        messages.success(request, f"“{story.title}” is {verb}.")
    return redirect(local_next(request, reverse("outcomes:story_list")))
