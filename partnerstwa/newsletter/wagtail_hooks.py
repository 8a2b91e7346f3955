"""Campaigns are written in the CMS beside pages and news (Snippets), with the same rich-text
editor and images; they are previewed in both languages there too."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from partnerstwa.newsletter.models import Campaign


class CampaignViewSet(SnippetViewSet):
    model = Campaign
    icon = "mail"
    menu_label = _("Newsletter")
    add_to_admin_menu = True
    list_display = ["subject_pl", "status", "created_at", "is_illustrative"]
    list_filter = ["status", "is_illustrative"]


register_snippet(CampaignViewSet)
