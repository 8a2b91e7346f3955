from django.urls import path

from partnerstwa.indicators import views

app_name = "indicators"

urlpatterns = [
    path("wskazniki/pakiet-wzor.xlsx", views.package_template, name="package_template"),
]
