from django.urls import path

from partnerstwa.advocacy.views import links, public, staff

app_name = "advocacy"

urlpatterns = [
    path("bariery/", public.barrier_list, name="list"),
    path("bariery/kanal/", public.changes_feed, name="feed"),
    path("bariery/zglos/", public.report_new, name="report"),
    path("bariery/potwierdzenie/<str:token>/", links.report_confirm, name="confirm"),
    path("bariery/<int:pk>/", public.barrier_detail, name="detail"),
    # Staff
    path("biuro/bariery/", staff.staff_index, name="staff_index"),
    path("biuro/bariery/zgloszenia/<int:pk>/", staff.staff_report, name="staff_report"),
    path("biuro/bariery/scalanie/", staff.staff_merge, name="staff_merge"),
    path("biuro/bariery/zalegle-odpowiedzi/", staff.staff_overdue, name="staff_overdue"),
    path("biuro/bariery/zestawienie/", staff.staff_summary, name="staff_summary"),
    path("biuro/bariery/<int:pk>/", staff.staff_barrier, name="staff_barrier"),
]
