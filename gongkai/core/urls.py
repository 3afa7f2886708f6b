from django.contrib.auth import views as auth_views
from django.urls import path

from gongkai.core import views, views_agency

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
    # 机关和工作人员
    path("agencies/", views_agency.agency_list, name="agency-list"),
    path("agencies/new/", views_agency.agency_create, name="agency-create"),
    path("agencies/<int:pk>/edit/", views_agency.agency_edit, name="agency-edit"),
    path("agencies/<int:pk>/staff/", views_agency.agency_staff, name="agency-staff"),
    path(
        "agencies/<int:pk>/staff/<int:membership>/revoke/",
        views_agency.membership_revoke,
        name="membership-revoke",
    ),
    path(
        "agencies/<int:pk>/accounts/<int:user>/active/",
        views_agency.account_active,
        name="account-active",
    ),
]
