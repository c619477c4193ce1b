from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.templatetags.static import static

from lac.rendering import render


def home(request):
    """Send each user to the first place their role lets them work; explain when a user
    has no role yet."""
    user = request.user
    if user.has_perm("localities.view_dashboard"):
        return redirect("reporting:dashboard")
    # Staff status is the admin's own door; administrators may read caseloads too, but
    # they work in the admin.
    if user.is_staff:
        return redirect("admin:index")
    if user.has_perm("people.view_introduction"):
        return redirect("people:caseload")
    return render(request, "lac/no_role.html")


@login_not_required
def favicon(request):
    """Browsers ask for /favicon.ico on pages (like the admin's) that do not name one."""
    return redirect(static("img/favicon.svg"), permanent=True)
