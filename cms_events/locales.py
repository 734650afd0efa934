"""Language: the active language's `Locale`, and the form of address of the Dutch texts.

The active `Locale` is looked up once per request (`active_locale()`, `localized()`).

The form of address: the fixed Dutch texts say “u” (formal) or “je” (informal).

The formal texts are the normal `nl` catalogue. The informal ones are a second, complete
catalogue in the locale directory `nl_X-informal` (the directory Django would use for the
private-use language tag `nl-x-informal`), next to `nl` in every app or `LOCALE_PATHS` entry
that ships one. The informal variant is never an active language: `get_language()` stays
"nl", so Dutch URLs keep having no prefix, wagtail-localize's locales, `Registration.language`
and every cache keyed by language are unaffected.

`use_form_of_address(INFORMAL)` sets a context variable (per request, thread and task); while
it is set, the Dutch translation object looks a message up in the informal catalogue first and
falls back to its own. Django keeps one translation object per language, and returns to that
object after every `translation.override()`, such as the ones Wagtail makes to build page
URLs; that object is upgraded in place the first time “je” is used, so the form of address
survives nested overrides.
"""

import gettext as gettext_module
import os
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.conf import settings
from django.db import models
from django.template.response import SimpleTemplateResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import to_locale, trans_real
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


# The form of address


class FormOfAddress(models.TextChoices):
    FORMAL = "u", _("“u” (formal)")
    INFORMAL = "je", _("“je” (informal)")


# The variant subtag of the informal catalogue: `nl-x-informal`, directory `nl_X-informal`.
INFORMAL_VARIANT = "x-informal"

_informal = ContextVar("cms_events_informal_address", default=False)


def informal_locale(language):
    """Return the locale directory name of the informal variant of `language`."""
    return to_locale(f"{language.split('-')[0]}-{INFORMAL_VARIANT}")


def locale_directories():
    """Return the locale directories in Django's order of precedence, lowest first."""
    directories = [
        os.path.join(config.path, "locale") for config in reversed(list(apps.get_app_configs()))
    ]
    return directories + [str(path) for path in reversed(settings.LOCALE_PATHS)]


def load_informal_catalogue(language):
    """Return ({message: text}, plural function) of the informal variant of `language`.

    Catalogues higher in Django's precedence (`LOCALE_PATHS`, then apps listed earlier) win,
    as they do for the normal catalogue.
    """
    catalogue, plural = {}, None
    for directory in locale_directories():
        path = os.path.join(directory, informal_locale(language), "LC_MESSAGES", "django.mo")
        if not os.path.exists(path):
            continue
        with open(path, "rb") as mo_file:
            translations = gettext_module.GNUTranslations(mo_file)
        catalogue.update(translations._catalog)
        plural = plural or translations.plural
    return catalogue, plural or (lambda n: int(n != 1))


class AddressAwareTranslation(trans_real.DjangoTranslation):
    """A translation that reads its informal catalogue first while “je” is in use."""

    informal_catalogue = {}

    def informal_plural(self, n):
        return int(n != 1)

    def gettext(self, message):
        if _informal.get():
            text = self.informal_catalogue.get(message)
            if text is None:
                text = self.informal_catalogue.get((message, self.informal_plural(1)))
            if text is not None:
                return text
        return super().gettext(message)

    def ngettext(self, singular, plural, n):
        if _informal.get():
            text = self.informal_catalogue.get((singular, self.informal_plural(n)))
            if text is not None:
                return text
        return super().ngettext(singular, plural, n)


def upgrade(django_translation):
    """Give Django's translation object of a language its informal catalogue, once."""
    if isinstance(django_translation, AddressAwareTranslation) or not isinstance(
        django_translation, trans_real.DjangoTranslation
    ):
        return
    catalogue, plural = load_informal_catalogue(django_translation.language())
    # In place, not replaced: the same object is cached per language, active in this thread
    # and Django's default, and a new one would be lost at the next `override()`.
    django_translation.__class__ = AddressAwareTranslation
    django_translation.informal_catalogue = catalogue
    django_translation.informal_plural = plural


def prepare_informal_catalogues():
    """Upgrade the translation object of every configured language (cheap once done)."""
    for language, _name in settings.LANGUAGES:
        upgrade(trans_real.translation(language))


def is_informal():
    """Return whether the fixed texts say “je” right now."""
    return _informal.get()


@contextmanager
def use_form_of_address(form_of_address):
    """Translate the fixed texts with “je” (`FormOfAddress.INFORMAL`) or “u” inside the block."""
    informal = form_of_address == FormOfAddress.INFORMAL
    if informal:
        prepare_informal_catalogues()
    token = _informal.set(informal)
    try:
        yield
    finally:
        _informal.reset(token)


def render_now(response):
    """Render a lazy `TemplateResponse` now, in the form of address in force, and return it."""
    if isinstance(response, SimpleTemplateResponse):
        response.render()
    return response


class FormOfAddressPageMixin:
    """Serve a page with its fixed texts in its form of address (`get_form_of_address()`).

    Put it first among a page's bases, so that it wraps everything the page serves: forms
    handled on POST as well as the rendering of the template.
    """

    def serve(self, request, *args, **kwargs):
        with use_form_of_address(self.get_form_of_address(request)):
            return render_now(super().serve(request, *args, **kwargs))
