from django.urls import path

from partnerstwa.contests.views import jury, links, public, staff

app_name = "contests"

urlpatterns = [
    path("konkurs/", public.contest_index, name="index"),
    path("konkurs/zgloszenie/<str:token>/", links.application_edit, name="application_edit"),
    path("konkurs/<slug:slug>/", public.edition_detail, name="edition"),
    path("konkurs/<slug:slug>/regulamin/", public.rules_file, name="rules"),
    path("konkurs/<slug:slug>/zgloszenie/", public.application_new, name="apply"),
    path("konkurs/<slug:slug>/jury/", jury.jury_index, name="jury"),
    path("konkurs/<slug:slug>/jury/<int:pk>/", jury.jury_application, name="jury_application"),
    path(
        "konkurs/<slug:slug>/jury/<int:pk>/zalaczniki/<int:attachment_pk>/",
        jury.jury_attachment,
        name="jury_attachment",
    ),
    path("konkurs/<slug:slug>/wyniki/", staff.results, name="results"),
    path("konkurs/<slug:slug>/wyniki.xlsx", staff.results_xlsx, name="results_xlsx"),
    path("konkurs/<slug:slug>/wyniki/etap/", staff.edition_advance, name="advance"),
    path(
        "konkurs/<slug:slug>/wyniki/<int:pk>/status/",
        staff.application_status,
        name="application_status",
    ),
]
