from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from lac import control, views

admin.site.site_header = "LAC case management — administration"
admin.site.site_title = "LAC administration"
admin.site.index_title = "Configure localities, people's records and users"

urlpatterns = [
    path("", views.home, name="home"),
    # Browsers ask for /favicon.ico on pages (like the admin's) that do not name one.
    path("favicon.ico", views.favicon),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("people/", include("people.urls")),
    path("assets/", include("localities.urls")),
    path("outcomes/", include("outcomes.urls")),
    path("reports/", include("reporting.urls")),
    path("bench/control/", control.control, name="bench_control"),
]
