"""Rules about a person's support that more than one writer applies: the services, one
record at a time, and the demo generator, millions of rows at once. Plain values in,
plain values out, so both can call them."""

from __future__ import annotations

from datetime import date

from people.models import ContactMode


def first_contact_after(
    first_contact_on: date | None, *, mode: str, contact_on: date
) -> date | None:
    """An episode's first-contact date once a contact is logged: the earliest contact that
    reached the person. An attempt (no answer) never counts."""
    if mode == ContactMode.ATTEMPTED:
        return first_contact_on
    if first_contact_on is None or contact_on < first_contact_on:
        return contact_on
    return first_contact_on
