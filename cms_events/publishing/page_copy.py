"""Copying an event in the admin: the copy form proposes a title and a URL of its own.

Wagtail's copy form fills in the original's title and slug, so a copy that is published
without a second look reads as the original. This form marks both as a copy and says what to
check. Wagtail uses it through `EventPage.copy_form_class`.
"""

from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.admin.forms.pages import CopyForm


class EventCopyForm(CopyForm):
    """Wagtail's copy form with “(kopie)” in the proposed title and “-kopie” in the slug."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Translators: the title proposed for a copy of a page.
        self.fields["new_title"].initial = _("%(title)s (copy)") % {"title": self.page.title}
        self.fields["new_title"].help_text = _(
            "Give the copy its own title. It keeps the date, place, status and updates of the "
            "original: check them before publishing."
        )
        # Translators: the word added to the URL of a copied page, as in “politiek-cafe-kopie”.
        suffix = slugify(_("copy"))
        self.fields["new_slug"].initial = f"{self.page.slug}-{suffix}"
        self.fields["new_slug"].help_text = _(
            "The web address of the copy: change it with the title."
        )
