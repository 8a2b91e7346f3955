from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from partnerstwa.portal.auth import validate_username_free


class UserCreationForm(AdminUserCreationForm):
    def clean_username(self) -> str:
        username = self.cleaned_data.get("username")
        validate_username_free(username)
        return username


class UserEditForm(UserChangeForm):
    def clean_username(self) -> str:
        username = self.cleaned_data.get("username")
        validate_username_free(username, exclude_pk=self.instance.pk)
        return username


User = get_user_model()


class NormalUsernameUserAdmin(UserAdmin):
    """A user name is kept as typed (NFKC, trimmed), but none may share its normal form
    (portal.auth.normal_username) with another account: sign-in could not tell them apart."""

    add_form = UserCreationForm
    form = UserEditForm


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, NormalUsernameUserAdmin)

# The back office's start page links to the staff workspace (/biuro/), which links back.
admin.site.index_template = "portal/admin_index.html"


try:
    from django_tasks_db.admin import DBTaskResultAdmin
    from django_tasks_db.models import DBTaskResult
except ImportError:  # another task backend: no task results in the back office
    DBTaskResult = None


if DBTaskResult is not None:

    class TaskResultAdmin(DBTaskResultAdmin):
        """django-tasks' task results, labelled through gettext: the package writes some of
        its labels as plain strings, which no catalogue can translate."""

        list_display = (
            "display_id",
            "display_task_name",
            "status",
            "enqueued_at",
            "started_at",
            "finished_at",
            "priority",
            "queue_name",
        )
        list_display_links = ("display_id", "display_task_name")

        def get_readonly_fields(self, request, obj=None) -> list[str]:
            fields = super().get_readonly_fields(request, obj)
            fields[fields.index("id")] = "display_id"
            return fields

        @admin.display(description=_("identifier"), ordering="id")
        def display_id(self, obj) -> str:
            return str(obj.id)

        @admin.display(description=_("task"), ordering="task_path")
        def display_task_name(self, obj) -> str:
            return obj.task_name

        @admin.display(description=_("error trace"))
        def formatted_traceback(self, obj) -> str:
            return super().formatted_traceback(obj)

        @admin.display(description=_("run after"))
        def display_run_after(self, obj):
            return super().display_run_after(obj)

    if admin.site.is_registered(DBTaskResult):
        admin.site.unregister(DBTaskResult)
    admin.site.register(DBTaskResult, TaskResultAdmin)
