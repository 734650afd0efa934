"""The registration form on an event page: fixed fields, the editor's questions, and spam traps.

Name, email address and consent are always asked. The editor's questions come from Wagtail's
form builder, keyed by each field's stable `clean_name`. A honeypot field and a signed time
stamp catch most robots without bothering people.
"""

import json

from django import forms
from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from .conf import get_setting

SIGNING_SALT = "cms_events.registration-form"
FIXED_FIELDS = ("registrant_name", "registrant_email", "consent", "website", "form_started")


def sign_now():
    return signing.TimestampSigner(salt=SIGNING_SALT).sign(str(int(timezone.now().timestamp())))


class RegistrationBaseForm(BaseForm):
    """Fields every registration form has; the editor's questions are added in between."""

    registrant_name = forms.CharField(
        label=_("Name"),
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    registrant_email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Enter a valid email address, such as naam@voorbeeld.nl.")},
    )
    consent = forms.BooleanField(
        error_messages={"required": _("Please agree to the processing of your details.")},
    )
    # Robots fill in every field; people do not see this one.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, privacy_url="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = format_html(
            _(
                "I agree that my details are used for this event "
                '(<a href="{}">privacy statement</a>).'
            ),
            privacy_url,
        )
        if not self.is_bound:
            self.initial["form_started"] = sign_now()
        questions = [name for name in self.fields if name not in FIXED_FIELDS]
        self.order_fields(["registrant_name", "registrant_email", *questions, *FIXED_FIELDS[2:]])

    def clean_form_started(self):
        signer = signing.TimestampSigner(salt=SIGNING_SALT)
        max_age = get_setting("FORM_MAX_AGE")
        try:
            started = int(signer.unsign(self.cleaned_data["form_started"], max_age=max_age))
        except (signing.BadSignature, ValueError) as error:
            raise forms.ValidationError(
                _("This form has expired. Please check your answers and send it again.")
            ) from error
        return started

    def is_spam(self):
        """Return whether a robot sent this: the honeypot is filled or it came too fast."""
        if self.data.get(self.add_prefix("website")):
            return True
        started = self.cleaned_data.get("form_started") if hasattr(self, "cleaned_data") else None
        if not isinstance(started, int):
            return False
        return timezone.now().timestamp() - started < get_setting("HONEYPOT_MIN_SECONDS")

    def get_answers(self):
        """Return the answers to the editor's questions, JSON-ready, keyed by field key."""
        answers = {
            name: value for name, value in self.cleaned_data.items() if name not in FIXED_FIELDS
        }
        return json.loads(json.dumps(answers, cls=DjangoJSONEncoder))


class RegistrationFormBuilder(FormBuilder):
    """Build the registration form class from the editor's questions."""

    def create_date_field(self, field, options):
        options.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        return forms.DateField(**options)

    def create_email_field(self, field, options):
        return forms.EmailField(**options)

    def get_form_class(self):
        return type("RegistrationForm", (RegistrationBaseForm,), dict(self.formfields))
