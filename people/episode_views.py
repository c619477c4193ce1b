"""The work of an open episode: its details, contacts, support level, closing and connections."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect

from lac.idempotency import form_token, saved_at, saves_once
from lac.rendering import render
from lac.versioning import StaleEdit
from people import services
from people.forms import (
    CloseIntroductionForm,
    ConnectionForm,
    ConnectionUpdateForm,
    ContactForm,
    IntroductionForm,
    SupportLevelForm,
)
from people.lookups import open_introduction, visible_person_or_404
from people.models import Connection, ConnectionStatus, Contact, Introduction, Person


def _require_open(request, person: Person) -> Introduction | None:
    introduction = open_introduction(person)
    if introduction is None:
        messages.info(request, f"{person} has no open introduction. Re-introduce them first.")
    return introduction


def _episode(request, person: Person) -> tuple[Introduction | None, str | None]:
    """The episode a form acts on, and why it may no longer be acted on.

    Episode forms carry the id of the introduction they were opened for. If that one was
    closed while the form was open (and perhaps another opened), the form is shown again with
    what was typed and nothing is saved, instead of acting on a different episode.
    """
    posted = request.POST.get("episode", "")
    named = None
    if request.method == "POST" and posted.isdigit() and len(posted) < 19:  # a bigint
        named = person.introductions.filter(pk=int(posted)).first()
    # At most one episode is open, so a named episode that is still open is the current one.
    if named is not None and named.closed_on:
        return named, (
            f"This introduction was closed on {named.closed_on:%d/%m/%Y} while you were working."
            " Nothing was saved; what you typed is below."
        )
    return _require_open(request, person), None


@permission_required("people.change_introduction", raise_exception=True)
def introduction_edit(request, pk):
    """Edit the current episode; a stale form is refused with what changed."""
    person = visible_person_or_404(request.user, pk)
    introduction, stale = _episode(request, person)
    if introduction is None:
        return redirect(person)
    form = IntroductionForm(request.POST or None, instance=introduction)
    changes = None
    if stale:
        form.is_valid()
        form.add_error(None, stale)
    elif form.is_valid():
        try:
            form.save_versioned()
        except StaleEdit as stale:
            changes = stale.changes
        else:
            messages.success(request, "Introduction saved.")
            return redirect(person)
    return render(
        request,
        "people/introduction_form.html",
        {"form": form, "person": person, "introduction": introduction, "changes": changes},
    )


@permission_required("people.add_contact", raise_exception=True)
@saves_once
def contact_new(request, pk):
    """Log a contact: today, minutes, mode, areas of support, a note."""
    person = visible_person_or_404(request.user, pk)
    introduction, stale = _episode(request, person)
    if introduction is None:
        return redirect(person)
    form = ContactForm(request.POST or None, introduction=introduction)
    if stale:
        form.is_valid()
        form.add_error(None, stale)
    elif form.is_valid():
        services.contact_log(
            contact=form.save(commit=False),
            by=request.user,
            next_step=form.cleaned_data["next_step"],
        )
        messages.success(request, f"Contact with {person} logged.")
        if request.POST.get("next") == "caseload":
            return redirect(saved_at(request, "people:caseload"))
        return redirect(saved_at(request, person))
    return render(
        request,
        "people/contact_form.html",
        {
            "form": form,
            "person": person,
            "introduction": introduction,
            "next": request.GET.get("next", request.POST.get("next", "")),
            "form_token": form_token(request),
        },
    )


@permission_required("people.change_contact", raise_exception=True)
def contact_edit(request, pk):
    """Correct a contact of an open episode; a stale form is refused with what changed."""
    contact = get_object_or_404(
        Contact.objects.visible_to(request.user).select_related(
            "introduction__person__locality", "introduction__referral_source"
        ),
        pk=pk,
    )
    introduction, person = contact.introduction, contact.introduction.person
    if introduction.closed_on:
        messages.info(request, "Contacts of a closed introduction are kept as they were.")
        return redirect(person)
    form = ContactForm(request.POST or None, instance=contact, introduction=introduction)
    changes = None
    if form.is_valid():
        try:
            services.contact_correct(form=form)
        except StaleEdit as stale:
            changes = stale.changes
        else:
            messages.success(request, "Contact corrected.")
            return redirect(person)
    return render(
        request,
        "people/contact_form.html",
        {"form": form, "person": person, "introduction": introduction, "changes": changes},
    )


@permission_required("people.add_supportlevelchange", raise_exception=True)
def support_level_change(request, pk):
    """Change the support level of the current episode, from a date."""
    person = visible_person_or_404(request.user, pk)
    introduction, stale = _episode(request, person)
    if introduction is None:
        return redirect(person)
    form = SupportLevelForm(request.POST or None, introduction=introduction)
    if stale:
        form.is_valid()
        form.add_error(None, stale)
    elif form.is_valid():
        try:
            services.introduction_change_support_level(
                introduction=introduction,
                support_level=form.cleaned_data["support_level"],
                changed_on=form.cleaned_data["changed_on"],
                by=request.user,
            )
        except ValidationError as error:  # someone else changed it a moment ago
            form.add_error("support_level", error)
        else:
            messages.success(request, "Support level changed.")
            return redirect(person)
    return render(
        request,
        "people/support_level_form.html",
        {"form": form, "person": person, "introduction": introduction},
    )


@permission_required("people.change_introduction", raise_exception=True)
def introduction_close(request, pk):
    """Close the current episode with a reason."""
    person = visible_person_or_404(request.user, pk)
    introduction, stale = _episode(request, person)
    if introduction is None:
        return redirect(person)
    form = CloseIntroductionForm(request.POST or None, introduction=introduction)
    if stale:
        form.is_valid()
        form.add_error(None, stale)
    elif form.is_valid():
        try:
            services.introduction_close(
                introduction=introduction,
                closed_on=form.cleaned_data["closed_on"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:  # someone else closed it a moment ago
            messages.info(request, error.message)
        else:
            messages.success(request, f"Introduction of {person} closed.")
        return redirect(person)
    return render(
        request,
        "people/introduction_close.html",
        {"form": form, "person": person, "introduction": introduction},
    )


@permission_required("people.add_connection", raise_exception=True)
@saves_once
def connection_new(request, pk):
    """Suggest an asset to a person, or record a connection already made."""
    person = visible_person_or_404(request.user, pk)
    initial = {"asset": request.GET.get("asset")} if request.GET.get("asset", "").isdigit() else {}
    form = ConnectionForm(request.POST or None, initial=initial, person=person, user=request.user)
    if form.is_valid():
        connection = form.save(commit=False)
        connection.introduction = open_introduction(person)
        connection.created_by = request.user
        if form.cleaned_data["connect_now"]:
            connection.status = ConnectionStatus.CONNECTED
            connection.connected_on = connection.suggested_on
        connection.save()
        messages.success(request, f"{connection.asset} linked to {person}.")
        return redirect(saved_at(request, person))
    return render(
        request,
        "people/connection_form.html",
        {"form": form, "person": person, "form_token": form_token(request)},
    )


@permission_required("people.change_connection", raise_exception=True)
def connection_update(request, pk):
    """Mark a suggestion as connected, or end a connection, on a date."""
    connection = get_object_or_404(
        Connection.objects.visible_to(request.user).select_related("person", "asset"), pk=pk
    )
    initial = {"action": request.GET.get("action", "connect")}
    form = ConnectionUpdateForm(request.POST or None, initial=initial, connection=connection)
    if form.is_valid():
        on = form.cleaned_data["on"]
        try:
            if form.cleaned_data["action"] == "connect":
                services.connection_connect(connection=connection, connected_on=on)
            else:
                services.connection_end(connection=connection, ended_on=on)
        except ValidationError as error:  # someone else changed it a moment ago
            form.add_error(None, error)
        else:
            messages.success(request, f"{connection.asset}: {connection.get_status_display()}.")
            return redirect(connection.person)
    return render(
        request,
        "people/connection_update.html",
        {"form": form, "connection": connection, "person": connection.person},
    )
