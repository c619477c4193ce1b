"""Form pieces shared by every app: the rules for text a person types, the date widget,
and a multiple choice that refuses ids too big for the database."""

from __future__ import annotations

import re

from django import forms

# Control characters, and the bidirectional overrides that make text display in another
# order than it is stored, have no place in a name, a phone number or a postcode. (NUL
# has its own message, from Django.)
# Invisible ones too: zero-width space, direction marks, word joiners, the byte order mark
# and the soft hyphen. (Zero-width joiners stay: some scripts need them in names.)
HIDDEN_CHARACTERS = re.compile(
    r"[\x01-\x1f\x7f-\x9f\xad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e"
    r"\u2060-\u2064\u2066-\u2069\ufeff]"
)


def no_hidden_characters(value: str) -> None:
    if HIDDEN_CHARACTERS.search(value or ""):
        raise forms.ValidationError(
            "Remove the hidden control, text-direction or invisible characters "
            "(often pasted in with the text).",
            code="hidden_characters",
        )


def refuse_hidden_characters(form: forms.BaseForm, names: tuple[str, ...] | list[str]) -> None:
    """Make the form's single-line fields `names` (those it has) refuse hidden characters."""
    for name in names:
        if name in form.fields:
            form.fields[name].validators.append(no_hidden_characters)


class DateInput(forms.DateInput):
    """The browser's date picker, sent as yyyy-mm-dd (UK dd/mm/yyyy is accepted typed)."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


BIGINT_MAX = 2**63 - 1


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing an id too big for the database as an invalid choice.

    Django checks the ids with an `__in` lookup, which (unlike `exact`) does not guard
    against integer overflow: on SQLite an id past 2**63 - 1 is an OverflowError, a 500.
    """

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple) else ():
            try:
                too_big = abs(int(pk)) > BIGINT_MAX
            except (TypeError, ValueError):
                continue  # not a number: Django's own check says so
            if too_big:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)
