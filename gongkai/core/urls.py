from django.contrib.auth import views as auth_views
from django.urls import path

from gongkai.core import views

app_name = "core"

urlpatterns = [
    path("", views.staff_home, name="staff-home"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="core/login.html"),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("audit/", views.audit_log, name="audit-log"),
    path("notifications/", views.notifications, name="notifications"),
]
