from django.urls import path

from gongkai.search import views

app_name = "search"

urlpatterns = [
    path("", views.results, name="results"),
    path("advanced/", views.advanced, name="advanced"),
    path("staff/lexicon/", views.lexicon, name="lexicon"),
    path("staff/lexicon/<int:pk>/delete/", views.lexicon_delete, name="lexicon-delete"),
]
