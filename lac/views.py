from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.templatetags.static import static

from lac.rendering import render


def home(request):
    """Send each role to where they work; explain when a user has no role yet."""
    user = request.user
    if user.is_manager:
        return redirect("reporting:dashboard")
    if user.is_coordinator:
        return redirect("people:caseload")
    if user.is_administrator or user.is_staff:
        return redirect("admin:index")
    return render(request, "lac/no_role.html")


@login_not_required
def favicon(request):
    """Browsers ask for /favicon.ico on pages (like the admin's) that do not name one."""
    return redirect(static("img/favicon.svg"), permanent=True)
