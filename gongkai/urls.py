from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("gongkai.api.urls")),
    path("staff/", include("gongkai.core.urls")),
    path("staff/publishing/", include("gongkai.publishing.urls")),
    path("staff/calendar/", include("gongkai.workdays.urls")),
    path("staff/reports/", include("gongkai.reports.urls")),
    path("search/", include("gongkai.search.urls")),
    path("foi/", include("gongkai.foi.urls")),
    path("", include("gongkai.portal.urls")),
]

handler404 = "gongkai.portal.views.page_not_found"
handler500 = "gongkai.portal.views.server_error"
