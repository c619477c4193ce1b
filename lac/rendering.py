"""`render` that hands templates finished data: no query runs while a template renders.

Querysets, pages, forms' choice lists and the user's permissions are read here, in the
view's time, so a template can never hide an N+1 (a test fails on any query made
during rendering). Views import `render` from here instead of django.shortcuts.
"""

from __future__ import annotations

from django import forms
from django.core.paginator import Page
from django.db.models import QuerySet
from django.shortcuts import render as django_render
from django_filters import FilterSet


def evaluate_choices(form: forms.BaseForm) -> None:
    """Validate a bound form and read every model choice field's options, now."""
    if form.is_bound:
        form.errors  # noqa: B018 -- validation may query (e.g. a chosen referral source)
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            # A comprehension, not list(): list() would ask the iterator for a COUNT first.
            field.widget.choices = [choice for choice in field.choices]  # noqa: C416


def finish(value):
    if isinstance(value, forms.BaseForm):
        evaluate_choices(value)
    elif isinstance(value, FilterSet):
        evaluate_choices(value.form)
    elif isinstance(value, Page):
        value.object_list = list(value.object_list)
    elif isinstance(value, QuerySet):
        return list(value)
    elif isinstance(value, list | tuple):
        for item in value:
            finish(item)
    return value


def render(request, template_name: str, context: dict | None = None, **kwargs):
    context = {key: finish(value) for key, value in (context or {}).items()}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        user.get_all_permissions()  # cached on the user for `perms` in templates
    return django_render(request, template_name, context, **kwargs)
