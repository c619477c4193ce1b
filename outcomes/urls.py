from django.urls import path

from outcomes import dashboard_views, report_views, story_views, views

app_name = "outcomes"

urlpatterns = [
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("report/", report_views.report, name="report"),
    path("how-we-count/", dashboard_views.how_we_count, name="how_we_count"),
    path("people/<int:pk>/outcomes/new/", views.outcome_new, name="outcome_new"),
    path("people/<int:pk>/stories/new/", views.story_new, name="story_new"),
    path("stories/new/", views.story_new, name="community_story_new"),
    path("stories/", story_views.story_list, name="story_list"),
    path("stories/<int:pk>/feature/", story_views.story_feature, name="story_feature"),
    path("people/<int:pk>/wellbeing/new/", views.wellbeing_new, name="wellbeing_new"),
]
