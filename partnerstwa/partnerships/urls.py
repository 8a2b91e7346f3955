from django.urls import path

from partnerstwa.partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("partnerstwa/", views.partnership_list, name="list"),
    path("partnerstwa/eksport.<str:file_type>", views.partnership_export, name="export"),
    path("partnerstwa/mapa/", views.partnership_map, name="map"),
    path("partnerstwa/<slug:slug>/", views.partnership_detail, name="detail"),
    path("partnerstwa/<slug:slug>/porozumienie/", views.agreement_file, name="agreement_file"),
    path(
        "partnerstwa/<slug:slug>/dokumenty/<int:pk>/",
        views.deliverable_file,
        name="deliverable_file",
    ),
    # Coordinator pages
    path("moje-partnerstwa/", views.my_partnerships, name="mine"),
    path("partnerstwa/<slug:slug>/edycja/", views.partnership_edit, name="edit"),
    path(
        "partnerstwa/<slug:slug>/edycja/czlonkowie/<int:pk>/kontakt/",
        views.member_contact,
        name="member_contact",
    ),
    path("partnerstwa/<slug:slug>/edycja/projekty/nowy/", views.project_edit, name="project_add"),
    path(
        "partnerstwa/<slug:slug>/edycja/projekty/<int:pk>/", views.project_edit, name="project_edit"
    ),
    path(
        "partnerstwa/<slug:slug>/edycja/projekty/<int:pk>/usun/",
        views.project_delete,
        name="project_delete",
    ),
    path(
        "partnerstwa/<slug:slug>/edycja/dokumenty/nowy/",
        views.deliverable_edit,
        name="deliverable_add",
    ),
    path(
        "partnerstwa/<slug:slug>/edycja/dokumenty/<int:pk>/",
        views.deliverable_edit,
        name="deliverable_edit",
    ),
    path(
        "partnerstwa/<slug:slug>/edycja/dokumenty/<int:pk>/usun/",
        views.deliverable_delete,
        name="deliverable_delete",
    ),
    path(
        "partnerstwa/<slug:slug>/edycja/wsparcie/<int:pk>/",
        views.support_notes,
        name="support_notes",
    ),
]
