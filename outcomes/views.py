from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.shortcuts import redirect

from lac.rendering import render
from localities.models import Locality
from outcomes.forms import OutcomeForm, StoryForm, WellbeingCheckForm
from outcomes.models import WellbeingCheck
from people.lookups import open_introduction, visible_person_or_404


@permission_required("outcomes.add_outcome", raise_exception=True)
def outcome_new(request, pk):
    """Record an outcome of a configured type for a person."""
    person = visible_person_or_404(request.user, pk)
    form = OutcomeForm(request.POST or None)
    if form.is_valid():
        outcome = form.save(commit=False)
        outcome.person = person
        outcome.locality = person.locality
        outcome.introduction = open_introduction(person)
        outcome.recorded_by = request.user
        outcome.save()
        messages.success(request, f"Outcome recorded: {outcome.outcome_type}.")
        return redirect(person)
    return render(request, "outcomes/outcome_form.html", {"form": form, "person": person})


@permission_required("outcomes.add_outcomestory", raise_exception=True)
def story_new(request, pk=None):
    """Write a story of change, for a person or (without one) for a locality."""
    person = visible_person_or_404(request.user, pk) if pk else None
    localities = None if person else Locality.objects.visible_to(request.user)
    form = StoryForm(request.POST or None, localities=localities)
    if form.is_valid():
        with transaction.atomic():
            story = form.save(commit=False)
            story.person = person
            story.locality = person.locality if person else form.cleaned_data["locality"]
            story.written_by = request.user
            story.save()
            form.save_m2m()
        messages.success(request, f"Story saved: {story.title}.")
        return redirect(person or "home")
    return render(request, "outcomes/outcomestory_form.html", {"form": form, "person": person})


@permission_required("outcomes.add_wellbeingcheck", raise_exception=True)
def wellbeing_new(request, pk):
    """The four ONS personal wellbeing questions, with earlier checks alongside."""
    person = visible_person_or_404(request.user, pk)
    form = WellbeingCheckForm(request.POST or None)
    if form.is_valid():
        check = form.save(commit=False)
        check.person = person
        check.introduction = open_introduction(person)
        check.recorded_by = request.user
        check.save()
        messages.success(request, "Wellbeing check recorded.")
        return redirect(person)
    return render(
        request,
        "outcomes/wellbeingcheck_form.html",
        {
            "form": form,
            "person": person,
            "earlier": person.wellbeing_checks.order_by("-checked_on", "-pk")[:10],
            "questions": WellbeingCheck.QUESTIONS,
        },
    )
