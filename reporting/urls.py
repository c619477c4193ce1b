from django.urls import path

from reporting import dashboard_views, report_views

app_name = "reporting"

urlpatterns = [
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("impact/", report_views.report, name="report"),
    path("how-we-count/", dashboard_views.how_we_count, name="how_we_count"),
]
