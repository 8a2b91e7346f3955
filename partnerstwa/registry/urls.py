from django.urls import path

from partnerstwa.registry import views

app_name = "registry"

urlpatterns = [
    path("samorzady/", views.unit_index, name="unit_index"),
    path("samorzady/<str:code>/", views.unit_detail, name="unit_detail"),
]
