"""Keyset pagination: a deep page costs what the first does.

Pages are addressed by the sort key of the row they follow (`?after=`) or precede
(`?before=`), never by an offset, so the database seeks with the index behind the
ordering instead of counting past every earlier row. A cursor that does not decode
gives the first page, never an error.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from functools import reduce

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet


@dataclass
class KeysetPage:
    object_list: list
    next_cursor: str | None = None
    previous_cursor: str | None = None
    per_page: int = 50
    extra: dict = field(default_factory=dict)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_cursor or self.previous_cursor)


def _encode(values: list) -> str:
    raw = json.dumps([v.isoformat() if hasattr(v, "isoformat") else v for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str, fields: list) -> list | None:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or len(values) != len(fields):
            return None
        decoded = [f.to_python(v) for f, v in zip(fields, values, strict=True)]
        # A NUL cannot be in a stored value, and PostgreSQL refuses it in a query.
        if any(v is None or (isinstance(v, str) and "\x00" in v) for v in decoded):
            return None
        return decoded
    # Forged cursors: Infinity for an id (OverflowError), nesting deeper than the
    # parser's recursion limit (RecursionError).
    except (ValueError, TypeError, ValidationError, OverflowError, RecursionError):
        return None


def _after(ordering: list[str], values: list) -> Q:
    """Rows strictly after `values` in `ordering` (lexicographic, mixed directions)."""
    clauses = []
    for i, key in enumerate(ordering):
        name = key.lstrip("-")
        op = "lt" if key.startswith("-") else "gt"
        equal = {o.lstrip("-"): v for o, v in zip(ordering[:i], values[:i], strict=True)}
        clauses.append(Q(**equal, **{f"{name}__{op}": values[i]}))
    return reduce(lambda a, b: a | b, clauses)


def _flip(ordering: list[str]) -> list[str]:
    return [key[1:] if key.startswith("-") else f"-{key}" for key in ordering]


def keyset_page(queryset: QuerySet, *, ordering: list[str], request, per_page: int = 50):
    """One page of `queryset` in `ordering` (which must end in a unique field, e.g. pk)."""
    model = queryset.model
    fields = [_field(model, key.lstrip("-")) for key in ordering]
    after, before = request.GET.get("after"), request.GET.get("before")
    backwards = bool(before) and not after
    cursor = _decode(before if backwards else (after or ""), fields) if (after or before) else None
    if backwards and cursor is not None:
        rows = list(
            queryset.filter(_after(_flip(ordering), cursor)).order_by(*_flip(ordering))[
                : per_page + 1
            ]
        )
        more_before = len(rows) > per_page
        rows = rows[:per_page][::-1]
        has_previous, has_next = more_before, True
    else:
        qs = queryset.order_by(*ordering)
        if cursor is not None:
            qs = qs.filter(_after(ordering, cursor))
        rows = list(qs[: per_page + 1])
        has_next = len(rows) > per_page
        rows = rows[:per_page]
        has_previous = cursor is not None
    key = [key.lstrip("-") for key in ordering]

    def cursor_of(row) -> str:
        return _encode([_value(row, name) for name in key])

    return KeysetPage(
        object_list=rows,
        next_cursor=cursor_of(rows[-1]) if rows and has_next else None,
        previous_cursor=cursor_of(rows[0]) if rows and has_previous else None,
        per_page=per_page,
    )


def _field(model, path: str):
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.pk if name == "pk" else model._meta.get_field(name)


def _value(row, path: str):
    for part in path.split("__"):
        row = getattr(row, part)
    return row
