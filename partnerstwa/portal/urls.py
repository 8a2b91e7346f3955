from django.urls import path

from partnerstwa.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("o-danych/", views.about_data, name="about_data"),
    path("biuro/", views.workspace, name="workspace"),
]
