"""Forms of cms_events that are not built by Wagtail's page editor."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateTimeInput
from wagtail.coreutils import get_content_languages

from cms_events.publishing.status_change import apply_status_change
from cms_events.status import EventStatus

# The statuses that may carry a new date, and those that may carry an online link.
NEW_DATE_STATUSES = (EventStatus.RESCHEDULED, EventStatus.MOVED_ONLINE)


class StatusChangeForm(forms.Form):
    """Set an event's status, the facts that change with it and the update, in one step."""

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
        help_text=_("For “Rescheduled” (required) and “Moved online” (when the date moves too)."),
    )
    end = forms.DateTimeField(
        label=_("New end"),
        required=False,
        widget=AdminDateTimeInput,
        help_text=_("Empty: the event keeps its length, or its open end."),
    )
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        help_text=_("For “Moved online”: the link to take part."),
    )
    online_link_by_mail = forms.BooleanField(
        label=_("The link follows by email"),
        required=False,
        help_text=_("For “Moved online” without a public link: registrants get it by email."),
    )
    new_date_to_follow = forms.BooleanField(
        label=_("A new date will follow"),
        required=False,
        help_text=_("For “Postponed”, when a new date will be announced."),
    )

    def __init__(self, *args, event, **kwargs):
        self.event = event
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        status = data.get("status")
        self.clean_new_date(status, data.get("start"), data.get("end"))
        self.clean_online(status, data)
        if data.get("new_date_to_follow") and status != EventStatus.POSTPONED:
            self.add_error(
                "new_date_to_follow", _("“A new date will follow” goes with “Postponed”.")
            )
        changes_nothing = not (
            data.get("headline")
            or data.get("start")
            or data.get("end")
            or data.get("online_url")
            or data.get("online_link_by_mail")
            or bool(data.get("new_date_to_follow")) != self.event.new_date_to_follow
        )
        if status == self.event.status and changes_nothing:
            self.add_error("status", _("Choose another status or write an update."))
        return data

    def clean_new_date(self, status, start, end):
        if (start or end) and status not in NEW_DATE_STATUSES:
            self.add_error(
                "start", _("A new date goes with the status “Rescheduled” or “Moved online”.")
            )
            return
        if status == EventStatus.RESCHEDULED and not start:
            self.add_error("start", _("Enter the new start of the rescheduled event."))
            return
        if start and start == self.event.start and (end or self.event.end) == self.event.end:
            self.add_error("start", _("The new date is the same as the current one."))
            return
        new_end = end or (
            start + (self.event.end - self.event.start) if start and self.event.end else None
        )
        if new_end and new_end <= (start or self.event.start):
            self.add_error("end", _("The end must be after the start."))

    def clean_online(self, status, data):
        url, by_mail = data.get("online_url"), data.get("online_link_by_mail")
        if (url or by_mail) and status != EventStatus.MOVED_ONLINE:
            field = "online_url" if url else "online_link_by_mail"
            self.add_error(field, _("An online link goes with the status “Moved online”."))
        elif url and by_mail:
            self.add_error(
                "online_link_by_mail", _("Give the link, or say that it follows by email.")
            )
        elif status == EventStatus.MOVED_ONLINE and not (url or by_mail or self.event.is_online):
            self.add_error(
                "online_url",
                _("Enter the link to take part, or tick “The link follows by email”."),
            )

    def get_changes(self):
        """Return the changes for `change_event_status()` (status and facts, no update)."""
        data = self.cleaned_data
        names = ("status", "start", "end", "online_url", "online_link_by_mail")
        return {name: data.get(name) for name in names} | {
            "new_date_to_follow": data.get("new_date_to_follow", False)
        }

    def get_preview_banner(self):
        """Return the banner as it will look after publishing (for the preview)."""
        from cms_events.models import EventUpdate

        event = type(self.event).objects.get(pk=self.event.pk)
        start_before = event.start
        apply_status_change(event, **self.get_changes())
        if event.start != start_before:
            event.previous_start = start_before
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
