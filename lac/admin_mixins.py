"""Rules every Django admin of the project follows, as mixins.

Scoped like the app: an administrator sees the localities they cover. Every admin of a
model with `visible_to` (or of records about one, e.g. support level changes about an
introduction) inherits `ScopedAdminMixin`, so the rule lives here once: the list, its
search and filters, the change, delete and history pages, the autocomplete lists, and
the choices of every foreign key to a scoped model. A record outside the scope is a 404,
the same page as a record that does not exist.

Names typed in the admin follow the app's text rules (`lac.forms`).

Nothing is registered here; each app's admin module imports the mixins.
"""

from __future__ import annotations

from django.contrib.admin import RelatedOnlyFieldListFilter
from django.contrib.admin.utils import get_fields_from_path
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from lac.forms import no_hidden_characters


def sees_everything(user) -> bool:
    """Whether the admin shows this user every locality's records.

    A superuser holds every permission and could grant themselves any coverage, so
    scoping them would protect nothing.
    """
    return user.is_superuser or user.covers_all_localities


def is_scoped(model: type[Model]) -> bool:
    """Whether who may see a row of `model` depends on the localities they cover."""
    return callable(getattr(model._default_manager, "visible_to", None))


class ScopedAdminMixin:
    """Limit an admin to the rows, and the choices, that the signed-in user may see."""

    # For a model without `visible_to`: the foreign key whose target's `visible_to`
    # decides, e.g. "introduction" for records about an introduction.
    scoped_through: str | None = None

    def scope(self, queryset: QuerySet, user) -> QuerySet:
        """The rows of `queryset` that `user` may see in the admin."""
        if sees_everything(user):
            return queryset
        if self.scoped_through:
            target = self.model._meta.get_field(self.scoped_through).related_model
            visible = target._default_manager.visible_to(user)
            return queryset.filter(**{f"{self.scoped_through}__in": visible})
        return queryset.visible_to(user)

    def get_queryset(self, request):
        # The changelist, search, autocomplete and every object page read this.
        return self.scope(super().get_queryset(request), request.user)

    def get_object(self, request, object_id, from_field=None):
        # Django redirects to the index for a missing object; a 404 for a hidden one as
        # for a missing one keeps the two alike, as everywhere else in the app.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("No such record.")
        return obj

    def has_delete_permission(self, request, obj=None):
        # Django's delete confirmation asks this of every record a deletion would reach
        # (cascaded or protected): a hidden one makes it refuse, naming only its kind,
        # instead of listing, say, a connection of someone in another locality.
        allowed = super().has_delete_permission(request, obj)
        if not allowed or obj is None or sees_everything(request.user):
            return allowed
        rows = self.model._default_manager.filter(pk=obj.pk)
        return self.scope(rows, request.user).exists()

    def get_list_filter(self, request):
        # A filter on a scoped relation (a locality) lists only the values in the rows the
        # user sees, not every locality's name.
        filters = super().get_list_filter(request)
        if sees_everything(request.user):
            return filters
        return [
            (item, RelatedOnlyFieldListFilter)
            if isinstance(item, str) and _to_scoped_model(self.model, item)
            else item
            for item in filters
        ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not sees_everything(request.user):
            # get_form() builds a new class with new fields on each call: safe to narrow.
            for name, field in form.base_fields.items():
                queryset = getattr(field, "queryset", None)
                if queryset is not None and is_scoped(queryset.model):
                    field.queryset = _choices(queryset, request.user, _current(obj, name))
        return form


class PlainTextAdminMixin:
    """Single-line names refuse control, text-direction and invisible characters."""

    plain_text_fields: tuple[str, ...] = ("name",)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and db_field.name in self.plain_text_fields:
            formfield.validators.append(no_hidden_characters)
        return formfield


def _to_scoped_model(model: type[Model], path: str) -> bool:
    last = get_fields_from_path(model, path)[-1]
    return bool(last.is_relation and is_scoped(last.related_model))


def _current(obj: Model | None, name: str) -> list:
    """The ids a saved record already points at through field `name`."""
    if obj is None or obj.pk is None:
        return []
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:  # a form field of the admin's own, not the model's
        return []
    if field.many_to_many:
        return list(getattr(obj, name).values_list("pk", flat=True))
    value = getattr(obj, field.attname)
    return [] if value is None else [value]


def _choices(queryset: QuerySet, user, current: list) -> QuerySet:
    # What the record already points at stays a choice: a person's outcome keeps the
    # locality where it counts after they move, and the record itself is visible.
    visible = queryset.model._default_manager.visible_to(user)
    return queryset.filter(Q(pk__in=visible.values("pk")) | Q(pk__in=current))
