from django.urls import path

from partnerstwa.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("biuro/", views.workspace, name="workspace"),
]
