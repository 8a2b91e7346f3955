from django.urls import path

from partnerstwa.portal import auth

urlpatterns = [
    path("logowanie/", auth.login, name="login"),
    path("wylogowanie/", auth.logout, name="logout"),
]
