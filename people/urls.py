from django.urls import path

from people import audit_views, episode_views, overview_views, subject_access, views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("caseload/", views.caseload, name="caseload"),
    path("contacts/", views.contact_list, name="contact_list"),
    path("contacts/<int:pk>/edit/", episode_views.contact_edit, name="contact_edit"),
    path("introductions/new/", views.introduction_new, name="introduction_new"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/edit/", views.person_edit, name="person_edit"),
    path(
        "<int:pk>/subject-access/",
        subject_access.person_subject_access,
        name="person_subject_access",
    ),
    path("<int:pk>/introduce/", views.introduction_again, name="introduction_again"),
    path("<int:pk>/introduction/", episode_views.introduction_edit, name="introduction_edit"),
    path(
        "<int:pk>/introduction/support/", episode_views.support_level_change, name="support_level"
    ),
    path(
        "<int:pk>/introduction/close/", episode_views.introduction_close, name="introduction_close"
    ),
    path("<int:pk>/contacts/new/", episode_views.contact_new, name="contact_new"),
    path("<int:pk>/connections/new/", episode_views.connection_new, name="connection_new"),
    path("connections/<int:pk>/", episode_views.connection_update, name="connection_update"),
    path("caseloads/", overview_views.caseload_overview, name="caseload_overview"),
    path(
        "caseloads/<int:user_id>/transfer/", overview_views.caseload_move, name="caseload_transfer"
    ),
    path("audit/", audit_views.audit_list, name="audit_list"),
]
