from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

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
