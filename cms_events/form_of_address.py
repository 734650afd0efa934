"""How the fixed Dutch texts address the visitor: “u” (formal) or “je” (informal).

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
from django.utils.translation import gettext_lazy as _
from django.utils.translation import to_locale, trans_real


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


def upgrade(translation):
    """Give Django's translation object of a language its informal catalogue, once."""
    if isinstance(translation, AddressAwareTranslation) or not isinstance(
        translation, trans_real.DjangoTranslation
    ):
        return
    catalogue, plural = load_informal_catalogue(translation.language())
    # In place, not replaced: the same object is cached per language, active in this thread
    # and Django's default, and a new one would be lost at the next `override()`.
    translation.__class__ = AddressAwareTranslation
    translation.informal_catalogue = catalogue
    translation.informal_plural = plural


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
