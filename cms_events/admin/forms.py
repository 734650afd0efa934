"""Forms of cms_events that are not built by Wagtail's page editor."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateTimeInput
from wagtail.coreutils import get_content_languages

from cms_events.status import EventStatus


class StatusChangeForm(forms.Form):
    """Set an event's status and write the update that goes with it, in one step."""

    status = forms.ChoiceField(label=_("New status"), choices=EventStatus.choices)
    headline = forms.CharField(
        label=_("Headline of the update"),
        max_length=255,
        required=False,
        help_text=_("For example “De bijeenkomst gaat niet door”. Empty: a default text."),
    )
    body = forms.CharField(
        label=_("Text of the update"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example the reason: “Wegens te weinig aanmeldingen …”."),
    )
    start = forms.DateTimeField(
        label=_("New start"),
        required=False,
        widget=AdminDateTimeInput,
        help_text=_("Only for a rescheduled event."),
    )
    end = forms.DateTimeField(
        label=_("New end"),
        required=False,
        widget=AdminDateTimeInput,
        help_text=_("Only for a rescheduled event."),
    )

    def __init__(self, *args, event, **kwargs):
        self.event = event
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        status, start, end = data.get("status"), data.get("start"), data.get("end")
        if status == EventStatus.RESCHEDULED:
            if not start:
                self.add_error("start", _("Enter the new start of the rescheduled event."))
            elif start == self.event.start and (end or self.event.end) == self.event.end:
                self.add_error("start", _("The new date is the same as the current one."))
        elif start or end:
            self.add_error("start", _("A new date only goes with the status “Rescheduled”."))
        if start and not end:
            # Keep the event's duration when only the start moves.
            end = data["end"] = start + (self.event.end - self.event.start)
        if start and end <= start:
            self.add_error("end", _("The end must be after the start."))
        if status == self.event.status and not data.get("headline") and not start:
            self.add_error("status", _("Choose another status or write an update."))
        return data

    def get_preview_banner(self):
        """Return the banner as it will look after publishing (for the preview)."""
        from cms_events.models import EventUpdate

        event = type(self.event).objects.get(pk=self.event.pk)
        event.status = self.cleaned_data["status"]
        if self.cleaned_data.get("start"):
            event.previous_start = self.event.start
        headline = self.cleaned_data.get("headline")
        if headline:
            update = EventUpdate(headline=headline, body=self.cleaned_data.get("body", ""))
            event.updates.add(update)
        return event.get_status_banner()


class DataSubjectSearchForm(forms.Form):
    """The email address of a data-subject request, checked as the registration form does."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("Found in every event and every language, in upper or lower case."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class DataSubjectExportForm(DataSubjectSearchForm):
    language = forms.ChoiceField(
        label=_("Language of the file"), choices=lambda: list(get_content_languages().items())
    )


class DataSubjectEraseForm(DataSubjectSearchForm):
    # What the staff member saw: erasing stops if the registrations changed since.
    fingerprint = forms.CharField(max_length=64, widget=forms.HiddenInput)
