from django.urls import path

from partnerstwa.activities import views

app_name = "activities"

urlpatterns = [
    path("wydarzenia/", views.event_list, name="list"),
    path("wydarzenia.ics", views.calendar_feed, name="feed"),
    path("wydarzenia/kalendarz/", views.event_month_current, name="month_current"),
    path("wydarzenia/kalendarz/<int:year>/<int:month>/", views.event_month, name="month"),
    path("wydarzenia/organizacje/", views.organisation_options, name="organisation_options"),
    path("wydarzenia/potwierdzenie/<str:token>/", views.registration_confirm, name="confirm"),
    path("wydarzenia/rezygnacja/<str:token>/", views.registration_cancel, name="cancel"),
    path("wydarzenia/<slug:slug>/", views.event_detail, name="detail"),
    path("wydarzenia/<slug:slug>.ics", views.event_ics, name="ics"),
    path("wydarzenia/<slug:slug>/rejestracja/", views.event_register, name="register"),
    path("wydarzenia/<slug:slug>/materialy/<int:pk>/", views.material_file, name="material"),
    path("ewaluacja/<str:token>/", views.evaluation, name="evaluation"),
    path("certyfikaty/pobierz/<str:token>/", views.certificate_download, name="certificate_pdf"),
    path("certyfikaty/<str:code>/", views.certificate_verify, name="certificate_verify"),
    # Staff
    path("biuro/wydarzenia/<slug:slug>/", views.staff_event, name="staff_event"),
    path(
        "biuro/wydarzenia/<slug:slug>/sesje/<int:number>/obecnosc/",
        views.staff_checkin,
        name="staff_checkin",
    ),
    path(
        "biuro/wydarzenia/<slug:slug>/sesje/<int:number>/lista-podpisow.pdf",
        views.staff_signature_list,
        name="staff_signature_list",
    ),
    path("biuro/wydarzenia/<slug:slug>/import/", views.staff_import, name="staff_import"),
    path(
        "biuro/wydarzenia/<slug:slug>/zgloszenia.xlsx",
        views.staff_registrations_xlsx,
        name="staff_registrations_xlsx",
    ),
    path(
        "biuro/wydarzenia/<slug:slug>/obecnosc.xlsx",
        views.staff_attendance_xlsx,
        name="staff_attendance_xlsx",
    ),
    path(
        "biuro/wydarzenia/<slug:slug>/ewaluacja/wyslij/",
        views.staff_send_evaluations,
        name="staff_send_evaluations",
    ),
    path(
        "biuro/wydarzenia/<slug:slug>/certyfikaty/",
        views.staff_issue_certificates,
        name="staff_issue_certificates",
    ),
]
