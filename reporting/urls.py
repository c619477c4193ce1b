from django.urls import path

from reporting import dashboard_views, publish_views, report_views

app_name = "reporting"

urlpatterns = [
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("impact/", report_views.report, name="report"),
    path("how-we-count/", dashboard_views.how_we_count, name="how_we_count"),
    path("published/", publish_views.published_list, name="published_list"),
    path("published/new/", publish_views.published_new, name="published_new"),
    path("published/<int:pk>/", publish_views.published_detail, name="published_detail"),
]
