from django.urls import path

from partnerstwa.rights.views import public, staff

app_name = "rights"

urlpatterns = [
    path("rodo/", public.start, name="start"),
    path("rodo/potwierdzenie/<str:token>/", public.confirm, name="confirm"),
    path("rodo/wniosek/<str:token>/", public.request_page, name="request"),
    path("rodo/wniosek/<str:token>/dane.json", public.request_download, name="download"),
    path("biuro/rodo/", staff.queue, name="staff_queue"),
    path("biuro/rodo/zgody/", staff.proof, name="staff_proof"),
    path("biuro/rodo/<int:pk>/", staff.detail, name="staff_detail"),
    path("biuro/rodo/<int:pk>/przedluzenie/", staff.extend, name="staff_extend"),
    path("biuro/rodo/<int:pk>/sprostowanie/", staff.rectify, name="staff_rectify"),
    path("biuro/rodo/<int:pk>/usuniecie/", staff.erase, name="staff_erase"),
    path("biuro/rodo/<int:pk>/zamkniecie/", staff.close, name="staff_close"),
]
