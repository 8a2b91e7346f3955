# The privacy notice is linked from every form that stores a person, in any app.
from django.urls import path

from partnerstwa.privacy import views

app_name = "privacy"

urlpatterns = [
    path("prywatnosc/", views.notice, name="notice"),
    path("biuro/rejestr-przetwarzania.xlsx", views.register, name="register"),
]
