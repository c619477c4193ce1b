"""The reporting app's records: one module per record kind."""

from reporting.models.published import PublishedReport
from reporting.models.value_settings import GdpDeflator, ValueSettings

__all__ = ["GdpDeflator", "PublishedReport", "ValueSettings"]
