from django.urls import path, re_path
from django.views.generic import RedirectView

from partnerstwa.api import views
from partnerstwa.api.api import api

app_name = "api"

urlpatterns = [
    # The API's own address leads to its documentation (every operation, the schema's address).
    path("api/v1/", RedirectView.as_view(pattern_name="api:docs"), name="root"),
    path("api/v1/", api.urls),
    path("api/v1/docs/", views.documentation, name="docs"),
    # Any other address under /api/ answers in JSON too.
    re_path(r"^api/", views.not_found),
    path("dane/", views.catalog_page, name="catalog_page"),
    path("dane/catalog.jsonld", views.catalog_jsonld, name="catalog"),
    path("dane/<slug:slug>.<str:file_type>", views.dataset_file, name="dataset"),
    path("biuro/api/", views.token_list, name="tokens"),
    path("biuro/api/nowy/", views.token_new, name="token_new"),
    path("biuro/api/<int:pk>/", views.token_detail, name="token"),
    path("biuro/api/<int:pk>/uniewaznij/", views.token_revoke, name="token_revoke"),
]
