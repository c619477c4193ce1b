"""The impact report as a PDF, through WeasyPrint (which needs Pango from the system).

Static files are read from disk through the staticfiles finders, never fetched over the
network, so the PDF renders the same on a closed council network.
"""

from __future__ import annotations

import mimetypes
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders


def pdf_available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):  # OSError: Pango is not installed
        return False
    return True


def html_to_pdf(html: str, *, base_url: str, **options) -> bytes:
    """A tagged PDF: headings, tables and lists keep their structure, and each chart
    carries its text alternative (the SVG's title), for screen readers. `options` go to
    WeasyPrint's write_pdf."""
    return html_to_document(html, base_url=base_url).write_pdf(pdf_tags=True, **options)


def html_to_document(html: str, *, base_url: str):
    """The laid-out pages (a WeasyPrint Document), before they are written as a PDF."""
    import weasyprint
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFiles(URLFetcher):
        """Our own static files from disk; nothing else is fetched."""

        def fetch(self, url, headers=None):
            path = urlparse(url).path
            prefix = "/" + settings.STATIC_URL.lstrip("/")
            found = path.startswith(prefix) and finders.find(path.removeprefix(prefix))
            if not found:
                raise ValueError(f"Not one of our static files: {url}")
            with open(found, "rb") as file:
                body = file.read()
            content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, headers={"Content-Type": content_type})

    return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=StaticFiles()).render()
