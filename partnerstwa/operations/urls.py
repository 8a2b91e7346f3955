from django.urls import path

from partnerstwa.operations import health

app_name = "operations"

urlpatterns = [
    path("health/", health.Health.as_view(), name="health"),
]
