from django.urls import path

from partnerstwa.activities.views import links, public, staff

app_name = "activities"

urlpatterns = [
    path("wydarzenia/", public.event_list, name="list"),
    path("wydarzenia.ics", public.calendar_feed, name="feed"),
    path("wydarzenia/kalendarz/", public.event_month_current, name="month_current"),
    path("wydarzenia/kalendarz/<int:year>/<int:month>/", public.event_month, name="month"),
    path("wydarzenia/organizacje/", public.organisation_options, name="organisation_options"),
    path("wydarzenia/potwierdzenie/<str:token>/", links.registration_confirm, name="confirm"),
    path("wydarzenia/rezygnacja/<str:token>/", links.registration_cancel, name="cancel"),
    path("wydarzenia/<slug:slug>/", public.event_detail, name="detail"),
    path("wydarzenia/<slug:slug>.ics", public.event_ics, name="ics"),
    path("wydarzenia/<slug:slug>/rejestracja/", public.event_register, name="register"),
    path("wydarzenia/<slug:slug>/materialy/<int:pk>/", public.material_file, name="material"),
    path(
        "partnerstwa/<slug:slug>/wydarzenia/",
        public.partnership_events,
        name="partnership_events",
    ),
    path("ewaluacja/<str:token>/", links.evaluation, name="evaluation"),
    path("certyfikaty/pobierz/<str:token>/", links.certificate_download, name="certificate_pdf"),
    path("certyfikaty/<str:code>/", public.certificate_verify, name="certificate_verify"),
    # Staff
    path("biuro/wydarzenia/<slug:slug>/", staff.staff_event, name="staff_event"),
    path(
        "biuro/wydarzenia/<slug:slug>/sesje/<int:number>/obecnosc/",
        staff.staff_checkin,
        name="staff_checkin",
    ),
    path(
        "biuro/wydarzenia/<slug:slug>/sesje/<int:number>/lista-podpisow.pdf",
        staff.staff_signature_list,
        name="staff_signature_list",
    ),
    path("biuro/wydarzenia/<slug:slug>/import/", staff.staff_import, name="staff_import"),
    path(
        "biuro/lista-obecnosci-wzor.xlsx",
        staff.staff_import_template,
        name="staff_import_template",
    ),
    path(
        "biuro/wydarzenia/<slug:slug>/zgloszenia.xlsx",
        staff.staff_registrations_xlsx,
        name="staff_registrations_xlsx",
    ),
    path(
        "biuro/wydarzenia/<slug:slug>/obecnosc.xlsx",
        staff.staff_attendance_xlsx,
        name="staff_attendance_xlsx",
    ),
    path(
        "biuro/wydarzenia/<slug:slug>/ewaluacja/wyslij/",
        staff.staff_send_evaluations,
        name="staff_send_evaluations",
    ),
    path(
        "biuro/wydarzenia/<slug:slug>/certyfikaty/",
        staff.staff_issue_certificates,
        name="staff_issue_certificates",
    ),
]
