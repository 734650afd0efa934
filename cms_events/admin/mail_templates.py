"""The site's mail texts in the admin: a snippet per kind of mail, under Events › Mail texts.

Editing needs Wagtail's snippet permissions on “mail text” (add, change, delete), given per
group; the texts hold no personal data. Translating a text into English is wagtail-localize's
“Translate” on the snippet.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from cms_events.models import MailTemplate

PERMISSION = "cms_events.change_mailtemplate"


class MailTemplateViewSet(SnippetViewSet):
    model = MailTemplate
    icon = "mail"
    menu_label = _("Mail texts")
    add_to_admin_menu = False
    list_display = ["kind", "form_of_address", "subject"]


viewset = MailTemplateViewSet()
