"""The registration form on an event page: fixed fields, the editor's questions, and spam traps.

Name, email address and consent are always asked. The editor's questions come from Wagtail's
form builder, keyed by each field's stable `clean_name`. A honeypot field and a signed time
stamp catch most robots without bothering people. Every text field has a maximum length and
refuses control characters (a multi-line answer may hold tabs and line breaks).
"""

import json
from datetime import date

from django import forms
from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from cms_events.conf import get_setting
from cms_events.formatting import format_time_range
from cms_events.registration.addresses import normalise_email
from cms_events.validation import ControlCharacterValidator

SIGNING_SALT = "cms_events.registration-form"
FIXED_FIELDS = ("registrant_name", "registrant_email", "consent", "website", "form_started")
# Maximum lengths of text answers; an email address has its own (254).
SINGLE_LINE_MAX_LENGTH = 255
MULTI_LINE_MAX_LENGTH = 4000
NUMBER_MAX_DIGITS = 20


def sign_started(started):
    """Return a time stamp, signed now, that says the form was first loaded at `started`."""
    return signing.TimestampSigner(salt=SIGNING_SALT).sign(str(int(started)))


def sign_now():
    return sign_started(timezone.now().timestamp())


def first_loaded(time_stamp):
    """Return when a form with this time stamp was first loaded, however old; None if forged."""
    try:
        return int(signing.TimestampSigner(salt=SIGNING_SALT).unsign(time_stamp))
    except (signing.BadSignature, ValueError):
        return None


def guard_text_field(field):
    """Give a text field a maximum length and refuse control characters in it.

    A multi-line field may hold tabs and line breaks. The control-character error replaces
    Django's own about NUL bytes, so a visitor reads one message.
    """
    if not isinstance(field, forms.CharField):
        return
    multi_line = isinstance(field.widget, forms.Textarea)
    if field.max_length is None:
        field.max_length = MULTI_LINE_MAX_LENGTH if multi_line else SINGLE_LINE_MAX_LENGTH
        field.validators.append(MaxLengthValidator(field.max_length))
        field.widget.attrs.update(field.widget_attrs(field.widget))
    field.validators = [
        validator
        for validator in field.validators
        if not isinstance(validator, ProhibitNullCharactersValidator)
    ]
    field.validators.append(ControlCharacterValidator(allow_whitespace=multi_line))


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
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_started = forms.CharField(max_length=100, widget=forms.HiddenInput)

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
        for field in self.fields.values():
            guard_text_field(field)
        questions = [name for name in self.fields if name not in FIXED_FIELDS]
        self.order_fields(["registrant_name", "registrant_email", *questions, *FIXED_FIELDS[2:]])

    def clean_registrant_email(self):
        return normalise_email(self.cleaned_data["registrant_email"])

    def clean_form_started(self):
        signer = signing.TimestampSigner(salt=SIGNING_SALT)
        max_age = get_setting("FORM_MAX_AGE")
        try:
            return int(signer.unsign(self.cleaned_data["form_started"], max_age=max_age))
        except (signing.BadSignature, ValueError):
            # At the top of the form: the visitor cannot see the field itself.
            self.add_error(
                None, _("This form has expired. Please check your answers and send it again.")
            )
            return None

    def full_clean(self):
        super().full_clean()
        if self.is_bound:
            self.renew_time_stamp()

    def renew_time_stamp(self):
        """Sign the time stamp again, for when this form is shown again with its errors.

        Sending it again then works however long the form was open; the stamp keeps the
        moment it was first loaded, so the honeypot's timing is not started again.
        """
        name = self.add_prefix("form_started")
        started = first_loaded(self.data.get(name, ""))
        data = self.data.copy()
        data[name] = sign_started(started or timezone.now().timestamp())
        self.data = data

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
            name: value
            for name, value in self.cleaned_data.items()
            if name not in FIXED_FIELDS
            and name != DATE_FIELD
            and not isinstance(self.fields[name], SessionChoiceField)
        }
        return json.loads(json.dumps(answers, cls=DjangoJSONEncoder))

    def get_series_date(self):
        """Return the date chosen (a registration per date), or None."""
        return self.cleaned_data.get(DATE_FIELD) if DATE_FIELD in self.fields else None

    def get_session_preferences(self):
        """Return {round id: [first choice, second choice]} of the session fields answered."""
        preferences = {}
        for name, field in self.fields.items():
            if isinstance(field, SessionChoiceField) and self.cleaned_data.get(name):
                preferences[field.round.id] = self.cleaned_data[name]
        return preferences

    def get_session_choice_titles(self):
        """Return {session id: title} of the sessions chosen, as the program names them now."""
        titles = {}
        for round_id, choices in self.get_session_preferences().items():
            field = next(
                f
                for f in self.fields.values()
                if isinstance(f, SessionChoiceField) and f.round.id == round_id
            )
            titles.update({choice: field.round.session(choice).title for choice in choices})
        return titles


DATE_FIELD = "registration_date"


def date_label(occurrence, state, places):
    """Return “maandag 12 april 2027, 10.00–11.30 uur: Thema (3 places left)”."""
    from cms_events.formatting import format_event_when
    from cms_events.registration.services import RegistrationState

    label = format_event_when(occurrence.start, occurrence.end, occurrence.all_day)
    if occurrence.subtitle:
        label = f"{label}: {occurrence.subtitle}"
    if state == RegistrationState.WAITING_LIST:
        return _("%(date)s (full: waiting list)") % {"date": label}
    if places is not None:
        return ngettext(
            "%(date)s (%(places)s place left)", "%(date)s (%(places)s places left)", places
        ) % {"date": label, "places": places}
    return label


def add_date_field(form, dates, chosen=None):
    """Add the question “which date” to a registration form: the dates still open (or with a
    waiting list), each with its places; `chosen` (the date the page shows) is preselected."""
    choices = [
        (occurrence.date.isoformat(), date_label(occurrence, state, places))
        for occurrence, state, places in dates
    ]
    form.fields[DATE_FIELD] = forms.TypedChoiceField(
        label=_("Date"),
        choices=choices,
        coerce=date.fromisoformat,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a date."),
            "invalid_choice": _("Choose one of the dates that are open for registration."),
        },
    )
    if chosen and any(value == chosen.isoformat() for value, _label in choices):
        form.initial[DATE_FIELD] = chosen.isoformat()
    form.order_fields(["registrant_name", "registrant_email", DATE_FIELD, *form.fields])


class SessionChoiceWidget(forms.MultiWidget):
    """Two drop-downs, “first choice” and “second choice”, each with its own label."""

    template_name = "cms_events/forms/session_choices.html"
    labels = (pgettext_lazy("session", "First choice"), pgettext_lazy("session", "Second choice"))

    def __init__(self, choices=(), attrs=None):
        super().__init__([forms.Select(choices=choices), forms.Select(choices=choices)], attrs)

    def decompress(self, value):
        return list(value) if value else [None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["choices"] = list(
            zip(self.labels, context["widget"]["subwidgets"], strict=True)
        )
        return context


class SessionChoiceField(forms.MultiValueField):
    """A first and a second choice among the sessions of one round; the value is their ids."""

    default_error_messages = {
        "required": _("Choose a first and a second choice."),
        "incomplete": _("Choose a first and a second choice."),
        "same": _("Choose two different sessions."),
        "second_only": _("Choose a first choice too."),
    }

    def __init__(self, round_, *, required, places=None, **kwargs):
        self.round = round_
        places = places or {}
        choices = [("", _("Choose a session"))] + [
            (session.id, session_label(session, places.get(session.id)))
            for session in round_.sessions
        ]
        ids = [session.id for session in round_.sessions]
        second_required = required and len(ids) > 1
        fields = (
            forms.ChoiceField(choices=choices, required=required),
            forms.ChoiceField(choices=choices, required=second_required),
        )
        super().__init__(
            fields,
            required=required,
            require_all_fields=False,
            widget=SessionChoiceWidget(choices),
            **kwargs,
        )

    def compress(self, data_list):
        choices = [choice for choice in (data_list or []) if choice]
        if not choices:
            return []
        if not data_list[0]:
            raise forms.ValidationError(self.error_messages["second_only"], code="second_only")
        if len(choices) == 2 and choices[0] == choices[1]:
            raise forms.ValidationError(self.error_messages["same"], code="same")
        return choices


def session_label(session, places_left):
    if places_left == 0:
        return _("%(title)s (full)") % {"title": session.title}
    return session.title


class RegistrationFormBuilder(FormBuilder):
    """Build the registration form class from the editor's questions.

    A “session preferences” question becomes one field per round of parallel sessions in the
    program, named after the question's key and the round's block id.
    """

    def __init__(self, fields, *, rounds=(), places=None):
        super().__init__(fields)
        self.rounds = rounds
        self.places = places or {}

    @property
    def formfields(self):
        formfields = {}
        for name, formfield in super().formfields.items():
            if isinstance(formfield, list):
                formfields.update({f"{name}__{f.round.id}": f for f in formfield})
            else:
                formfields[name] = formfield
        return formfields

    def create_session_preferences_field(self, field, options):
        return [
            SessionChoiceField(
                round_,
                required=options["required"],
                places=self.places.get(round_.id),
                label=_("%(question)s: %(round)s, %(time)s")
                % {
                    "question": options["label"],
                    "round": round_.title,
                    "time": format_time_range(round_.start, round_.end),
                },
                help_text=options["help_text"],
            )
            for round_ in self.rounds
            if round_.sessions
        ]

    def create_multiline_field(self, field, options):
        options["max_length"] = MULTI_LINE_MAX_LENGTH
        return super().create_multiline_field(field, options)

    def create_number_field(self, field, options):
        return forms.DecimalField(max_digits=NUMBER_MAX_DIGITS, **options)

    def create_date_field(self, field, options):
        options.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        return forms.DateField(**options)

    def create_email_field(self, field, options):
        return forms.EmailField(**options)

    def get_form_class(self):
        return type("RegistrationForm", (RegistrationBaseForm,), dict(self.formfields))
