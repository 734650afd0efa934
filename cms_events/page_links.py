"""Page links in rich text, all of one expansion in one query.

Wagtail's handler loads the linked pages in their specific form (two queries) and then asks
for the active locale once per link (`page.localized`). This one loads them with their
locale in one query and asks for the active locale only for a page in another language.

A link to a page that a visitor may not see (a draft, or a page in a private section) keeps
its text but loses its address, as Wagtail does for a deleted page: the address of a draft
or a private page names what is not public yet.
"""

from django.utils import translation
from django.utils.html import escape
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler as WagtailPageLinkHandler

from cms_events.locales import active_locale, localized_in
from cms_events.visibility import visible


def in_active_language(page):
    try:
        code = get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return False
    return page.locale.language_code == code


def localized_url(page):
    """Return the URL of `page.localized`, the page in the active language if it has one."""
    if not in_active_language(page):
        page = localized_in(page, active_locale())
    # The specific class decides the URL; its own fields load only if it needs them.
    return page.specific_deferred.url


class PageLinkHandler(WagtailPageLinkHandler):
    """Wagtail's page links (`<a linktype="page" id="…">`), expanded in one query."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        ids = [str(attrs.get("id")) for attrs in attrs_list]
        pages = visible(Page.objects.filter(id__in={id_ for id_ in ids if id_.isdigit()}))
        pages = pages.select_related("locale")
        urls = {str(page.pk): localized_url(page) for page in pages}
        return [f'<a href="{escape(urls[id_])}">' if id_ in urls else "<a>" for id_ in ids]
