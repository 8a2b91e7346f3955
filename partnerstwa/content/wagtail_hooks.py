"""The editors' back office (Wagtail admin at /cms/) links to the two other back offices under
the same sign-in: the staff workspace (/biuro/) and the programme records (/admin/)."""

from django.http import HttpResponseNotAllowed
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


class _StaffMenuItem(MenuItem):
    # Only staff may open the workspace and the programme records; editors do not see the links.
    def is_shown(self, request) -> bool:
        return request.user.is_staff


@hooks.register("register_admin_menu_item")
def workspace_menu_item() -> MenuItem:
    return _StaffMenuItem(
        _("Staff workspace"), reverse("portal:workspace"), icon_name="home", order=10000
    )


@hooks.register("register_admin_menu_item")
def records_menu_item() -> MenuItem:
    return _StaffMenuItem(
        _("Programme records"), reverse("admin:index"), icon_name="list-ul", order=10001
    )


@hooks.register("before_serve_page")
def pages_answer_only_get(page, request, serve_args, serve_kwargs):
    # Editors' pages are read, never sent to (Wagtail would answer a POST as a GET).
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return None
