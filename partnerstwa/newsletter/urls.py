from django.urls import path

from partnerstwa.newsletter.views import links, public, staff, webhook

app_name = "newsletter"

urlpatterns = [
    path("newsletter/", public.signup, name="signup"),
    path("newsletter/potwierdz/<str:token>/", links.confirm, name="confirm"),
    path("newsletter/ustawienia/<str:token>/", links.preferences, name="preferences"),
    path("newsletter/wypisz/<str:token>/", links.unsubscribe, name="unsubscribe"),
    path("newsletter/zwroty/", webhook.feedback, name="feedback"),
    # Staff
    path("biuro/newsletter/", staff.index, name="staff_index"),
    path("biuro/newsletter/import/", staff.subscribers_import, name="staff_import"),
    path("biuro/newsletter/kampanie/<int:pk>/", staff.campaign, name="staff_campaign"),
    path("biuro/newsletter/kampanie/<int:pk>/wyslij/", staff.campaign_send, name="staff_send"),
    path(
        "biuro/newsletter/kampanie/<int:pk>/podglad/<str:language>/",
        staff.campaign_preview,
        name="staff_preview",
    ),
]
