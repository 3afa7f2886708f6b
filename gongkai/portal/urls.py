from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path

from gongkai.portal import feeds, views
from gongkai.portal.sitemaps import SITEMAPS

app_name = "portal"

org = "xxgk/org/<slug:slug>/"
column = org + "c/<slug:node_slug>/"

urlpatterns = [
    path("", views.home, name="home"),
    # 政府信息公开 platform and each agency's column
    path("xxgk/", views.agencies, name="agencies"),
    re_path(
        r"^xxgk/(?P<part>guide|system|statutory|annual-report)/$",
        views.part,
        name="part",
    ),
    path(org, views.agency, name="agency"),
    path(org + "guide/", views.agency_guide, name="agency-guide"),
    path(org + "documents/", views.agency_documents, name="agency-documents"),
    path(column, views.catalogue, name="catalogue"),
    path(column + "rss.xml", feeds.CatalogueFeed(), name="catalogue-feed"),
    path(column + "atom.xml", feeds.CatalogueAtomFeed(), name="catalogue-atom"),
    # lists and documents
    path("documents/", views.documents, name="documents"),
    path("documents/<int:pk>/", views.document, name="document"),
    path(
        "documents/<int:pk>/attachments/<int:attachment_id>/",
        views.attachment,
        name="attachment",
    ),
    path("interpretations/", views.interpretations, name="interpretations"),
    path("topics/", views.topics, name="topics"),
    path("topics/<str:code>/", views.topic, name="topic"),
    path("years/", views.years, name="years"),
    path("years/<int:year>/", views.year, name="year"),
    # feeds, sitemaps, robots
    path("feeds/latest.xml", feeds.LatestFeed(), name="feed-latest"),
    path("feeds/latest.atom", feeds.LatestAtomFeed(), name="feed-latest-atom"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "portal:sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    # 适老化 and 无障碍
    path("display/", views.display, name="display"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
