from django.urls import path

from outcomes import story_views, views

app_name = "outcomes"

urlpatterns = [
    path("people/<int:pk>/outcomes/new/", views.outcome_new, name="outcome_new"),
    path("<int:pk>/edit/", views.outcome_edit, name="outcome_edit"),
    path("<int:pk>/remove/", views.outcome_remove, name="outcome_remove"),
    path("people/<int:pk>/stories/new/", views.story_new, name="story_new"),
    path("stories/<int:pk>/edit/", views.story_edit, name="story_edit"),
    path("stories/new/", views.story_new, name="community_story_new"),
    path("stories/", story_views.story_list, name="story_list"),
    path("stories/<int:pk>/feature/", story_views.story_feature, name="story_feature"),
    path("people/<int:pk>/wellbeing/new/", views.wellbeing_new, name="wellbeing_new"),
    path("wellbeing/<int:pk>/edit/", views.wellbeing_edit, name="wellbeing_edit"),
    path("wellbeing/<int:pk>/remove/", views.wellbeing_remove, name="wellbeing_remove"),
]
