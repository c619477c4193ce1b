from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from lac.idempotency import form_token, saved_at, saves_once
from lac.redirects import local_next
from lac.rendering import render
from lac.versioning import StaleEdit, record_delete
from localities.models import Locality
from outcomes.forms import OutcomeForm, StoryForm, WellbeingCheckForm
from outcomes.models import Outcome, OutcomeStory, WellbeingCheck
from people.lookups import open_introduction, visible_person_or_404


@permission_required("outcomes.add_outcome", raise_exception=True)
@saves_once
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
        return redirect(saved_at(request, person))
    return render(
        request,
        "outcomes/outcome_form.html",
        {"form": form, "person": person, "form_token": form_token(request)},
    )


@permission_required("outcomes.add_outcomestory", raise_exception=True)
@saves_once
def story_new(request, pk=None):
    """Write a story of change, for a person or (without one) for a locality."""
    person = visible_person_or_404(request.user, pk) if pk else None
    localities = None if person else Locality.objects.visible_to(request.user)
    form = StoryForm(request.POST or None, localities=localities)
    if form.is_valid():
        # The story and its themes in one transaction: saves_once runs the view in one.
        story = form.save(commit=False)
        story.person = person
        story.locality = person.locality if person else form.cleaned_data["locality"]
        story.written_by = request.user
        story.save()
        form.save_m2m()
        messages.success(request, f"Story saved: {story.title}.")
        return redirect(saved_at(request, person or "home"))
    return render(
        request,
        "outcomes/outcomestory_form.html",
        {"form": form, "person": person, "form_token": form_token(request)},
    )


@permission_required("outcomes.add_wellbeingcheck", raise_exception=True)
@saves_once
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
        return redirect(saved_at(request, person))
    return render(
        request,
        "outcomes/wellbeingcheck_form.html",
        {
            "form": form,
            "person": person,
            "earlier": person.wellbeing_checks.order_by("-checked_on", "-pk")[:10],
            "questions": WellbeingCheck.QUESTIONS,
            "form_token": form_token(request),
        },
    )


def _kept_as_it_was(request, record, noun):
    """Records of a closed episode are kept as they were, like its contacts: a redirect
    to the person saying so, or None if the record may be changed."""
    if not (record.introduction_id and record.introduction.closed_on):
        return None
    messages.info(request, f"{noun.capitalize()}s of a closed introduction are kept as they were.")
    return redirect(record.person)


def _correct(request, record, form_class, template, noun, extra=None):
    """The shared correction flow: refuse a closed episode's record, refuse a stale form."""
    if refused := _kept_as_it_was(request, record, noun):
        return refused
    person = record.person
    form = form_class(request.POST or None, instance=record)
    changes = None
    if form.is_valid():
        try:
            form.save_versioned()
        except StaleEdit as stale:
            changes = stale.changes
        else:
            messages.success(request, f"{noun.capitalize()} corrected.")
            return redirect(person)
    context = {"form": form, "person": person, "changes": changes, "record": record}
    return render(request, template, context | (extra or {}))


def _remove(request, record, noun):
    """Remove a record entered in error, after a confirmation page.

    The page carries the version it showed: if someone corrected the record meanwhile,
    nothing is removed and the page shows it as it is now, to confirm again.
    """
    if refused := _kept_as_it_was(request, record, noun):
        return refused
    person = record.person
    changed = False
    if request.method == "POST":
        shown = request.POST.get("version", "")
        if shown.isdigit() and len(shown) < 10:
            try:
                with transaction.atomic():
                    record_delete(record, read_version=int(shown))
            except StaleEdit:
                changed = True
            else:
                messages.success(request, f"{noun.capitalize()} removed: {record}.")
                return redirect(person)
    return render(
        request,
        "outcomes/record_remove.html",
        {"record": record, "person": person, "noun": noun, "changed": changed},
    )


def _outcome(request, pk):
    return get_object_or_404(
        Outcome.objects.visible_to(request.user)
        .filter(person__isnull=False)
        .select_related("person__locality", "introduction", "outcome_type"),
        pk=pk,
    )


def _check(request, pk):
    return get_object_or_404(
        WellbeingCheck.objects.visible_to(request.user).select_related(
            "person__locality", "introduction"
        ),
        pk=pk,
    )


@permission_required("outcomes.change_outcome", raise_exception=True)
def outcome_edit(request, pk):
    """Correct an outcome: its type, date, quantity or note."""
    outcome = _outcome(request, pk)
    return _correct(request, outcome, OutcomeForm, "outcomes/outcome_form.html", "outcome")


@permission_required("outcomes.delete_outcome", raise_exception=True)
def outcome_remove(request, pk):
    """Remove an outcome recorded in error (a duplicate, say), so no figure counts it."""
    return _remove(request, _outcome(request, pk), "outcome")


@permission_required("outcomes.change_wellbeingcheck", raise_exception=True)
def wellbeing_edit(request, pk):
    """Correct a wellbeing check's date or scores."""
    check = _check(request, pk)
    earlier = check.person.wellbeing_checks.exclude(pk=check.pk).order_by("-checked_on", "-pk")
    return _correct(
        request,
        check,
        WellbeingCheckForm,
        "outcomes/wellbeingcheck_form.html",
        "wellbeing check",
        {"earlier": earlier[:10], "questions": WellbeingCheck.QUESTIONS},
    )


@permission_required("outcomes.delete_wellbeingcheck", raise_exception=True)
def wellbeing_remove(request, pk):
    """Remove a wellbeing check recorded in error."""
    return _remove(request, _check(request, pk), "wellbeing check")


@permission_required("outcomes.change_outcomestory", raise_exception=True)
def story_edit(request, pk):
    """Edit a story, including the person's consent to share, which can be withdrawn."""
    story = get_object_or_404(
        OutcomeStory.objects.visible_to(request.user).select_related("person", "locality"),
        pk=pk,
    )
    person = story.person
    back = local_next(request, person.get_absolute_url() if person else reverse("home"))
    form = StoryForm(request.POST or None, instance=story)
    changes = None
    was_featured = story.featured
    if form.is_valid():
        try:
            story = form.save_versioned()
        except StaleEdit as stale:
            changes = stale.changes
        else:
            messages.success(request, f"Story saved: {story.title}.")
            if was_featured and not story.featured:
                messages.info(request, "Without consent to share, it is no longer featured.")
            return redirect(back)
    return render(
        request,
        "outcomes/outcomestory_form.html",
        {"form": form, "person": person, "changes": changes, "record": story, "next": back},
    )
