from django.urls import path

from partnerstwa.operations import health, views

app_name = "operations"

urlpatterns = [
    path("health/", health.Health.as_view(), name="health"),
    path("biuro/zmiany/", views.change_list, name="changes"),
    path("biuro/zmiany.<str:file_type>", views.change_export, name="changes_export"),
    path("biuro/zadania/", views.task_list, name="tasks"),
    path("biuro/zadania/<uuid:task_id>/ponow/", views.task_retry, name="task_retry"),
]
