"""Form pieces shared by every app: the rules for text a person types."""

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
