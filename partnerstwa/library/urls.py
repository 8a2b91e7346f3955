from django.urls import path

from partnerstwa.library import views

app_name = "library"

urlpatterns = [
    path("dokumenty/", views.document_list, name="list"),
    path("dokumenty/<int:pk>-<slug:slug>/", views.document_detail, name="detail"),
    path("dokumenty/wykaz/<int:pk>-<slug:slug>/", views.notice_detail, name="notice"),
    path("szukaj/", views.search, name="search"),
]
