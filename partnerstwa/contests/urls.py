from django.urls import path

from partnerstwa.contests import views

app_name = "contests"

urlpatterns = [
    path("konkurs/", views.contest_index, name="index"),
    path("konkurs/zgloszenie/<str:token>/", views.application_edit, name="application_edit"),
    path("konkurs/<slug:slug>/", views.edition_detail, name="edition"),
    path("konkurs/<slug:slug>/regulamin/", views.rules_file, name="rules"),
    path("konkurs/<slug:slug>/zgloszenie/", views.application_new, name="apply"),
    path("konkurs/<slug:slug>/jury/", views.jury_index, name="jury"),
    path("konkurs/<slug:slug>/jury/<int:pk>/", views.jury_application, name="jury_application"),
    path(
        "konkurs/<slug:slug>/jury/<int:pk>/zalaczniki/<int:attachment_pk>/",
        views.jury_attachment,
        name="jury_attachment",
    ),
    path("konkurs/<slug:slug>/wyniki/", views.results, name="results"),
    path("konkurs/<slug:slug>/wyniki.xlsx", views.results_xlsx, name="results_xlsx"),
    path("konkurs/<slug:slug>/wyniki/etap/", views.edition_advance, name="advance"),
    path(
        "konkurs/<slug:slug>/wyniki/<int:pk>/status/",
        views.application_status,
        name="application_status",
    ),
]
