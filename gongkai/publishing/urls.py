from django.urls import path

from gongkai.publishing import views

app_name = "publishing"

doc = "documents/<int:pk>/"

urlpatterns = [
    path("", views.home, name="home"),
    path("documents/", views.document_list, name="document-list"),
    path("documents/new/", views.document_create, name="document-create"),
    path(doc, views.document_detail, name="document-detail"),
    path(doc + "edit/", views.document_edit, name="document-edit"),
    path(doc + "submit/", views.document_submit, name="document-submit"),
    path(doc + "review/", views.document_review, name="document-review"),
    path(doc + "approve/", views.document_approve, name="document-approve"),
    path(doc + "revise/", views.document_revise, name="document-revise"),
    path(doc + "withdraw/", views.document_withdraw, name="document-withdraw"),
    path(doc + "discard/", views.document_discard, name="document-discard"),
    path(doc + "history/", views.document_history, name="document-history"),
    path(
        doc + "interpretation/new/",
        views.interpretation_create,
        name="interpretation-create",
    ),
    path(doc + "relations/", views.document_relations, name="document-relations"),
    path(
        doc + "relations/<int:rel>/remove/",
        views.relation_remove,
        name="relation-remove",
    ),
    path(doc + "attachments/", views.attachment_add, name="attachment-add"),
    path(
        doc + "attachments/<int:att>/",
        views.attachment_download,
        name="attachment-download",
    ),
    path(
        doc + "attachments/<int:att>/remove/",
        views.attachment_remove,
        name="attachment-remove",
    ),
    path("catalogue/", views.catalogue_index, name="catalogue-index"),
    path("catalogue/<int:agency>/", views.catalogue, name="catalogue"),
    path(
        "catalogue/nodes/<int:node>/edit/",
        views.catalogue_node_edit,
        name="catalogue-node-edit",
    ),
    path(
        "catalogue/nodes/<int:node>/move/",
        views.catalogue_node_move,
        name="catalogue-node-move",
    ),
    path(
        "catalogue/nodes/<int:node>/remove/",
        views.catalogue_node_remove,
        name="catalogue-node-remove",
    ),
]
