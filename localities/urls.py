from django.urls import path

from localities import views

app_name = "localities"

urlpatterns = [
    path("", views.asset_list, name="asset_list"),
    path("new/", views.asset_new, name="asset_new"),
    path("<int:pk>/", views.asset_detail, name="asset_detail"),
    path("<int:pk>/edit/", views.asset_edit, name="asset_edit"),
]
