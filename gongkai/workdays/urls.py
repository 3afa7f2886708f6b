from django.urls import path

from gongkai.workdays import views

app_name = "workdays"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.year_view, name="year"),
    path("entries/new/", views.entry_create, name="entry-create"),
    path("entries/<int:pk>/edit/", views.entry_edit, name="entry-edit"),
    path("entries/<int:pk>/delete/", views.entry_delete, name="entry-delete"),
    path("upload/", views.upload, name="upload"),
]
