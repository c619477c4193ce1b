"""People's lists and pages: the caseload, everyone, the contact log, a person, new episodes."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from coordinators.models import User
from lac.idempotency import form_token, saved_at, saves_once
from lac.pagination import keyset_page
from lac.rendering import render
from lac.versioning import StaleEdit
from localities.models import CommunityAsset, Locality
from people import services
from people.audit import log_person_viewed
from people.caseload import flag_cutoffs
from people.filters import CaseloadFilter, ContactFilter, PersonFilter
from people.forms import (
    IntroductionForm,
    NewPersonForm,
    PersonForm,
)
from people.lookups import open_introduction, visible_person_or_404
from people.models import Contact, Introduction, Person
from people.timeline import ACTIONS, may_correct, person_timeline


@permission_required("people.view_introduction", raise_exception=True)
def caseload(request):
    """The open introductions a coordinator leads, with flags, filters and search."""
    coordinator = request.user
    colleagues = (
        User.objects.coordinators()
        .covering(Locality.objects.visible_to(request.user))
        .order_by("first_name", "last_name", "pk")
    )
    if "coordinator" in request.GET:
        try:
            coordinator = colleagues.get(pk=int(request.GET["coordinator"]))
        except (ValueError, User.DoesNotExist):
            raise Http404("No such colleague.") from None
    today = timezone.localdate()
    rows = (
        Introduction.objects.visible_to(request.user)
        .filter(person__lead_coordinator=coordinator)
        .caseload(**flag_cutoffs(today))
        .order_by("-awaiting_first_contact", "-no_recent_contact", "introduced_on", "pk")
    )
    filterset = CaseloadFilter(request.GET or None, queryset=rows, user=request.user)
    rows = filterset.qs if filterset.is_bound else rows
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    # A filter changed through htmx: only the results are drawn again.
    template = "people/caseload.html#results" if request.htmx else "people/caseload.html"
    return render(
        request,
        template,
        {
            "coordinator": coordinator,
            "colleagues": colleagues,
            "is_mine": coordinator == request.user,
            "filterset": filterset,
            "page": page,
            "today": today,
            "settings_awaiting": settings.LAC_AWAITING_FIRST_CONTACT_WORKING_DAYS,
            "settings_no_contact": settings.LAC_NO_CONTACT_DAYS,
        },
    )


@permission_required("people.view_person", raise_exception=True)
def person_list(request):
    """Everyone in the user's localities, searchable by name or postcode."""
    people = Person.objects.visible_to(request.user).select_related("locality", "lead_coordinator")
    filterset = PersonFilter(request.GET or None, queryset=people, user=request.user)
    # Whether each person on the page has an open episode: a subquery per row shown, not
    # a join and GROUP BY over everyone before the page is cut.
    is_open = Introduction.objects.filter(person=OuterRef("pk"), closed_on=None)
    page = keyset_page(
        filterset.qs.annotate(is_open=Exists(is_open)),
        ordering=["last_name", "first_name", "pk"],
        request=request,
    )
    return render(
        request,
        "people/person_list.html",
        {"filterset": filterset, "page": page, "total": filterset.qs.count()},
    )


@permission_required("people.view_contact", raise_exception=True)
def contact_list(request):
    """Every contact in the user's localities, newest first."""
    contacts = Contact.objects.visible_to(request.user).select_related(
        "introduction__person__locality", "recorded_by"
    )
    filterset = ContactFilter(request.GET or None, queryset=contacts, user=request.user)
    page = keyset_page(filterset.qs, ordering=["-contact_on", "-pk"], request=request)
    return render(request, "people/contact_list.html", {"filterset": filterset, "page": page})


@permission_required("people.view_person", raise_exception=True)
def person_detail(request, pk):
    """Who they are, the current episode, suggested assets and one timeline."""
    person = visible_person_or_404(request.user, pk)
    log_person_viewed(person)
    introduction = open_introduction(person)
    suggestions = []
    if introduction:
        themes = list(introduction.themes.values_list("pk", flat=True))
        linked = person.connections.current().values("asset")
        suggestions = (
            CommunityAsset.objects.visible_to(request.user)
            .active()
            .filter(Q(locality=person.locality_id) | Q(locality__isnull=True))
            .filter(themes__in=themes)
            .exclude(pk__in=linked)
            .annotate(matches=Count("themes", filter=Q(themes__in=themes), distinct=True))
            .select_related("category", "locality")
            .order_by("-matches", "name")[:6]
        )
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "introduction": introduction,
            "intro_themes": list(introduction.themes.all()) if introduction else [],
            "suggestions": suggestions,
            "connections": person.connections.current().select_related("asset__category"),
            "timeline": person_timeline(person),
            "may_correct": may_correct(request.user),
            "actions": [
                (action.label, reverse(action.url_name, args=[person.pk]))
                for action in ACTIONS
                if request.user.has_perm(action.permission)
            ],
        },
    )


@permission_required("people.change_person", raise_exception=True)
def person_edit(request, pk):
    """Edit who a person is; a stale form is refused with what changed."""
    person = visible_person_or_404(request.user, pk)
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    changes = None
    if form.is_valid():
        try:
            services.person_update(form=form, by=request.user)
        except StaleEdit as stale:
            changes = stale.changes
        else:
            messages.success(request, f"Saved {person}.")
            return redirect(person)
    return render(
        request, "people/person_form.html", {"form": form, "person": person, "changes": changes}
    )


def _find_duplicates(user, person_form) -> list[Person]:
    data = person_form.cleaned_data
    same_name = Person.objects.visible_to(user).filter(
        first_name__iexact=data["first_name"].strip(), last_name__iexact=data["last_name"].strip()
    )
    either = Q(pk__in=[])
    if data.get("date_of_birth"):
        either |= Q(date_of_birth=data["date_of_birth"])
    if data.get("postcode"):
        either |= Q(postcode__iexact=data["postcode"])
    return list(same_name.filter(either).select_related("locality")[:10])


@permission_required("people.add_introduction", raise_exception=True)
@saves_once
def introduction_new(request):
    """Take an introduction: find or create the person, then open an episode."""
    data = request.POST or None
    person_form = NewPersonForm(data, prefix="person", user=request.user)
    intro_form = IntroductionForm(data, prefix="intro")
    duplicates = []
    if request.method == "POST" and person_form.is_valid() and intro_form.is_valid():
        duplicates = _find_duplicates(request.user, person_form)
        if not duplicates or request.POST.get("not_a_duplicate"):
            person = person_form.save(commit=False)
            introduction = intro_form.save(commit=False)
            introduction.person = person
            services.introduction_create(
                introduction=introduction,
                themes=intro_form.cleaned_data["themes"],
                by=request.user,
            )
            messages.success(request, f"Introduction of {person} recorded.")
            return redirect(saved_at(request, person))
    return render(
        request,
        "people/introduction_new.html",
        {
            "person_form": person_form,
            "intro_form": intro_form,
            "duplicates": duplicates,
            "form_token": form_token(request),
        },
    )


@permission_required("people.add_introduction", raise_exception=True)
@saves_once
def introduction_again(request, pk):
    """Re-introduce a known person: a new episode for the same person."""
    person = visible_person_or_404(request.user, pk)
    if open_introduction(person):
        messages.info(request, f"{person} already has an open introduction.")
        return redirect(person)
    # With its person, so the form refuses a date before their last episode closed.
    form = IntroductionForm(request.POST or None, instance=Introduction(person=person))
    if form.is_valid():
        try:
            services.introduction_create(
                introduction=form.save(commit=False),
                themes=form.cleaned_data["themes"],
                by=request.user,
            )
        except ValidationError as error:  # another introduction taken a moment ago
            form.add_error(None, error)
        else:
            messages.success(request, f"New introduction of {person} recorded.")
            return redirect(saved_at(request, person))
    return render(
        request,
        "people/introduction_form.html",
        {"form": form, "person": person, "form_token": form_token(request)},
    )
