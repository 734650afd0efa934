"""Mails in the editors' own words: a site-wide text per kind of mail, and an event's own.

`MailTemplate` is a translatable snippet: the Dutch text and its English translation (made with
wagtail-localize) are one template in two locales. `EventMailText` is an event's own text for
one kind of mail, translated with its page. Without either, the built-in text is sent. Every
text is checked on save (`cms_events.registration.placeholders`); the facts block, the session
schedule and the calendar file always follow it in the mail.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm
from wagtail.models import Orderable, PreviewableMixin, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms_events.locales import FormOfAddress
from cms_events.models.registration import MailLog
from cms_events.registration.placeholders import (
    check_text,
    misplaced_placeholders,
    placeholder_help_lazy,
)
from cms_events.validation import ControlCharacterValidator

# The pronouns that give a Dutch text away as formal or informal.
SAYS_U = re.compile(r"\b(u|uw)\b", re.IGNORECASE)
SAYS_JE = re.compile(r"\b(je|jij|jou|jouw)\b", re.IGNORECASE)


def subject_field(**options):
    return models.CharField(
        verbose_name=_("subject"),
        max_length=200,
        validators=[ControlCharacterValidator(), check_text],
        **options,
    )


def body_field(**options):
    return models.TextField(
        verbose_name=_("text"),
        max_length=10000,
        validators=[ControlCharacterValidator(allow_whitespace=True), check_text],
        help_text=placeholder_help_lazy(),
        **options,
    )


def check_placeholders_of_kind(text_object):
    """Raise a `ValidationError` for each placeholder of the subject or body that only
    another kind of mail than the object's fills ({link} outside the thank-you mail)."""
    errors = {
        name: found
        for name in ("subject", "body")
        if (found := misplaced_placeholders(getattr(text_object, name) or "", text_object.kind))
    }
    if errors:
        raise ValidationError(errors)


def kind_field(**options):
    return models.CharField(
        verbose_name=_("mail"), max_length=16, choices=MailLog.Kind.choices, **options
    )


class MailTemplate(PreviewableMixin, TranslatableMixin, models.Model):
    """The site's own text for one kind of mail, in one language and one form of address."""

    kind = kind_field()
    form_of_address = models.CharField(
        verbose_name=_("form of address"),
        max_length=2,
        choices=FormOfAddress.choices,
        default=FormOfAddress.FORMAL,
        help_text=_(
            "The text is sent for events with this form of address; events with the other "
            "form get their own text of that form, or else the built-in text."
        ),
    )
    subject = subject_field()
    body = body_field()

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("form_of_address")]),
        FieldPanel("subject"),
        FieldPanel("body"),
    ]

    translatable_fields = [
        SynchronizedField("kind"),
        SynchronizedField("form_of_address"),
        TranslatableField("subject"),
        TranslatableField("body"),
    ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_form_of_address_display()})"

    @property
    def preview_modes(self):
        return [("", _("Plain text")), ("html", _("HTML"))]

    def serve_preview(self, request, mode_name):
        """Return the mail for a sample person with a public event, as it would be sent."""
        # Not at module level: the mail builder imports the models.
        from cms_events.registration.mail_samples import preview_response

        return preview_response(self, request, mode_name)

    def clean(self):
        super().clean()
        check_placeholders_of_kind(self)
        if self.locale_id is None or not self.locale.language_code.startswith("nl"):
            return
        if self.form_of_address == FormOfAddress.INFORMAL:
            other, message = SAYS_U, _("The text says “u”, but its form of address is “je”.")
        else:
            other, message = SAYS_JE, _("The text says “je”, but its form of address is “u”.")
        errors = {
            name: message for name in ("subject", "body") if other.search(getattr(self, name) or "")
        }
        if errors:
            raise ValidationError(errors)

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("mail text")
        verbose_name_plural = _("mail texts")
        ordering = ["kind", "form_of_address"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "form_of_address", "locale"],
                name="one_mail_text_per_kind_form_and_language",
                violation_error_message=_(
                    "There is already a text for this mail and form of address in this language."
                ),
            )
        ]


class EventMailText(TranslatableMixin, Orderable):
    """An event's own text for one kind of mail, translated with the page."""

    page = ParentalKey("cms_events.EventPage", on_delete=models.CASCADE, related_name="mail_texts")
    kind = kind_field()
    subject = subject_field(blank=True, help_text=_("Empty: the site's subject for this mail."))
    body = body_field()

    panels = [FieldPanel("kind"), FieldPanel("subject"), FieldPanel("body")]

    translatable_fields = [
        SynchronizedField("kind"),
        TranslatableField("subject"),
        TranslatableField("body"),
    ]

    def __str__(self):
        return self.get_kind_display()

    def clean(self):
        super().clean()
        check_placeholders_of_kind(self)

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("own mail text")
        verbose_name_plural = _("own mail texts")


# On the event's Registration tab, below the questions.
MAIL_TEXT_PANELS = [
    InlinePanel(
        "mail_texts",
        heading=_("Mails in your own words"),
        label=_("Own mail text"),
        help_text=_(
            "Without an own text, the site's text for that mail is sent (Events › Mail texts), "
            "or else the built-in one. See how a mail reads under “Mails” at the top of the page."
        ),
    )
]


def repeated_kinds(formset):
    """Return the kinds of mail that have more than one own text in a valid `formset`."""
    kinds = [
        form.cleaned_data.get("kind")
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
    return sorted({kind for kind in kinds if kinds.count(kind) > 1})


class EventPageForm(WagtailAdminFormPageForm):
    """The event's edit form: one own text per kind of mail."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("mail_texts")
        if formset is not None and formset.is_valid():
            for kind in repeated_kinds(formset):
                self.add_error(
                    None,
                    _("There are two own texts for “%(mail)s”: keep one.")
                    % {"mail": MailLog.Kind(kind).label},
                )
        return cleaned_data
