"""The "Publish this report" form on the report page carries its own one-time token."""

from django import template

from lac.idempotency import form_token

register = template.Library()


@register.simple_tag(takes_context=True)
def publish_token(context) -> str:
    """A one-time token for the publish form (lac.idempotency): a double tap publishes once.

    A tag rather than a context value, so the report's view need not know of the form."""
    return form_token(context["request"])
