"""The benchmark's control page: the full middleware stack and login, and no work."""

from django.http import HttpResponse


def control(request):
    """A minimal page behind login, the baseline every benchmarked page is compared with."""
    return HttpResponse("ok")
