"""API tokens of staff integrations: hashed at rest, scoped to chosen events, revocable, and
every use recorded."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerstwa.lib.bounds import validate_single_line


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def visible_to(self, user):
        """Tokens a staff account may see and revoke: its own, or all with the change permission."""
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return self.none()
        if user.has_perm("api.change_apitoken"):
            return self
        return self.filter(created_by=user)


class ApiToken(models.Model):
    name = models.CharField(
        _("name"),
        max_length=100,
        validators=[validate_single_line],
        help_text=_("Which integration uses it, so that it can be recognised later."),
    )
    # The token's first characters, kept in clear so that staff can tell tokens apart.
    prefix = models.CharField(_("prefix"), max_length=12, unique=True, editable=False)
    # SHA-256 of the whole token: the token has 256 random bits, so a fast hash is enough.
    digest = models.CharField(max_length=64, unique=True, editable=False)
    read_personal = models.BooleanField(
        _("read personal data"),
        default=False,
        help_text=_("Registrations and attendance of the chosen events."),
    )
    write_attendance = models.BooleanField(
        _("import attendance"),
        default=False,
        help_text=_("Attendance lists of the chosen events' sessions."),
    )
    events = models.ManyToManyField(
        "activities.Event", verbose_name=_("events"), blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def scopes(self) -> list[str]:
        return [
            scope
            for scope, held in (
                ("read-personal", self.read_personal),
                ("write", self.write_attendance),
            )
            if held
        ]


class TokenUse(models.Model):
    """One request made with a token (accepted or refused)."""

    token = models.ForeignKey(
        ApiToken, verbose_name=_("token"), on_delete=models.CASCADE, related_name="uses"
    )
    used_at = models.DateTimeField(_("used at"), auto_now_add=True, db_index=True)
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=500)
    status = models.PositiveSmallIntegerField(_("status"))

    class Meta:
        verbose_name = _("use of an API token")
        verbose_name_plural = _("uses of API tokens")
        ordering = ["-used_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"
