from django.urls import path

from partnerstwa.indicators import views

app_name = "indicators"

urlpatterns = [
    path("wskazniki/", views.dashboard, name="dashboard"),
    path("wskazniki.json", views.open_data, name="open_data"),
    path("wskazniki/pakiet-wzor.xlsx", views.package_template, name="package_template"),
    path("wskazniki/<slug:code>/", views.figure_records, name="records"),
]
