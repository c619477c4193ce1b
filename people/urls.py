from django.urls import path

from people import subject_access, views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("caseload/", views.caseload, name="caseload"),
    path("contacts/", views.contact_list, name="contact_list"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("introductions/new/", views.introduction_new, name="introduction_new"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/edit/", views.person_edit, name="person_edit"),
    path(
        "<int:pk>/subject-access/",
        subject_access.person_subject_access,
        name="person_subject_access",
    ),
    path("<int:pk>/introduce/", views.introduction_again, name="introduction_again"),
    path("<int:pk>/introduction/", views.introduction_edit, name="introduction_edit"),
    path("<int:pk>/introduction/support/", views.support_level_change, name="support_level"),
    path("<int:pk>/introduction/close/", views.introduction_close, name="introduction_close"),
    path("<int:pk>/contacts/new/", views.contact_new, name="contact_new"),
    path("<int:pk>/connections/new/", views.connection_new, name="connection_new"),
    path("connections/<int:pk>/", views.connection_update, name="connection_update"),
]

from people import overview_views  # noqa: E402  (added after the main list on purpose)

urlpatterns += [
    path("caseloads/", overview_views.caseload_overview, name="caseload_overview"),
    path(
        "caseloads/<int:user_id>/transfer/", overview_views.caseload_move, name="caseload_transfer"
    ),
]

from people import audit_views  # noqa: E402

urlpatterns += [
    path("audit/", audit_views.audit_list, name="audit_list"),
]
