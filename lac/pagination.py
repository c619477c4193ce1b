"""Keyset pagination: a deep page costs what the first does.

Pages are addressed by the row they follow (`?after=`) or precede (`?before=`), never by
an offset, so the database seeks with the index behind the ordering instead of counting
past every earlier row.

A cursor is that row's id and nothing else: links end up in browser history and server
logs, so they carry no name or date. The sort key is read back for the id within the
same (scoped) queryset, one lookup by primary key; an id that is not a number, or not a
row the user can see in this list, gives the first page, never an error, and says
nothing about where that row would sort.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

# Longer than any id the database can hold (2**63 - 1 has 19 digits).
_CURSOR_MAX_LENGTH = 20


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


def _anchor(queryset: QuerySet, cursor: str, key: list[str]) -> list | None:
    """The sort key of the row with id `cursor`, if `queryset` holds it."""
    # Ids are ASCII digits; int() would also take spaces and other scripts' digits.
    if not (cursor and cursor.isascii() and cursor.isdigit()) or len(cursor) > _CURSOR_MAX_LENGTH:
        return None
    try:
        pk = queryset.model._meta.pk.to_python(cursor)
    except ValidationError:
        return None
    row = queryset.order_by().filter(pk=pk).values_list(*key).first()
    # A NULL sort key has no "after" (the comparison would refuse None): start over.
    if row is None or None in row:
        return None
    return list(row)


def _after(ordering: list[str], values: list) -> Q:
    """Rows strictly after `values` in `ordering` (lexicographic, mixed directions)."""
    clauses = []
    for i, key in enumerate(ordering):
        name = key.lstrip("-")
        op = "lt" if key.startswith("-") else "gt"
        equal = {o.lstrip("-"): v for o, v in zip(ordering[:i], values[:i], strict=True)}
        clauses.append(Q(**equal, **{f"{name}__{op}": values[i]}))
    # The first key's bound, said once more outside the OR: the database can then seek in
    # the index behind the ordering instead of testing every earlier row against the OR
    # (PostgreSQL reads a deep page of the audit trail in 312 rows instead of 100,001).
    first = ordering[0].lstrip("-")
    bound = Q(**{f"{first}__{'lte' if ordering[0].startswith('-') else 'gte'}": values[0]})
    return bound & reduce(lambda a, b: a | b, clauses)


def _flip(ordering: list[str]) -> list[str]:
    return [key[1:] if key.startswith("-") else f"-{key}" for key in ordering]


def keyset_page(queryset: QuerySet, *, ordering: list[str], request, per_page: int = 50):
    """One page of `queryset` in `ordering`, which must end in the primary key ("pk")."""
    key = [key.lstrip("-") for key in ordering]
    if key[-1] != "pk":
        raise ValueError("A keyset ordering ends in pk: cursors carry the row's id.")
    after, before = request.GET.get("after"), request.GET.get("before")
    backwards = bool(before) and not after
    cursor = _anchor(queryset, before if backwards else after, key) if (after or before) else None
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
    return KeysetPage(
        object_list=rows,
        next_cursor=str(rows[-1].pk) if rows and has_next else None,
        previous_cursor=str(rows[0].pk) if rows and has_previous else None,
        per_page=per_page,
    )
