"""The active language's `Locale`, looked up once per request."""

from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from cms_events.visibility import visible


def locale_of_page(page, language):
    """Return the page's locale if it is loaded already and is that of `language`, or None."""
    if page is None or not type(page).locale.is_cached(page):
        return None
    try:
        code = get_supported_content_language_variant(language)
    except LookupError:
        return None
    return page.locale if page.locale.language_code == code else None


def active_locale(request=None, page=None):
    """Return `Locale.get_active()`, or None when there is no such locale.

    The answer is kept on `request` per language; the page being served (with its locale
    loaded) answers without a query when it is in the active language.
    """
    language = translation.get_language()
    known = request.__dict__.setdefault("_cms_events_locales", {}) if request is not None else {}
    if language not in known:
        locale = locale_of_page(page, language)
        if locale is None:
            try:
                locale = Locale.get_active()
            except (LookupError, Locale.DoesNotExist):
                locale = None
        known[language] = locale
    return known[language]


def localized(page, request=None, served_page=None):
    """Return `page.localized` (its live translation in the active language, else itself),
    sharing the look-up of the active locale with the rest of the request."""
    return localized_in(page, active_locale(request, served_page))


def localized_in(page, locale):
    """Return the translation of `page` in `locale` if a visitor may see it, else `page`."""
    if locale is None or locale.pk == page.locale_id:
        return page
    translations = Page.objects.filter(translation_key=page.translation_key, locale=locale)
    translated = visible(translations).first()
    return translated.specific_deferred if translated is not None else page
