"""The admin's preview of an event's mails, with a sample person, and a test mail to oneself.

The preview is the mail that would go out, built by the same `build_message()`, for a sample
registration that is never stored: real registrants are never shown, so the page's edit
permission is enough. The test mail goes to the address of the user who asks for it, never to
a registrant; it is a POST, under Django's CSRF protection like every admin form.
"""

from django import forms
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages

from cms_events.admin.base import EventAdminViewMixin
from cms_events.models import ChangeNotification, MailLog, Registration, SessionPlacement
from cms_events.registration.emails import build_message
from cms_events.registration.mail_templates import Source
from cms_events.registration.sessions import program_rounds

SAMPLE_NAME = "Sanne de Vries"
SAMPLE_EMAIL = "sanne.de.vries@example.org"
SAMPLE_STATUS = {
    MailLog.Kind.WAITING_LIST: Registration.Status.WAITING_LIST,
    MailLog.Kind.CANCELLED: Registration.Status.CANCELLED_BY_REGISTRANT,
}
SOURCES = {
    Source.EVENT: gettext_lazy("This event's own text."),
    Source.SITE: gettext_lazy("The site's text (Events › Mail texts)."),
    Source.BUILT_IN: gettext_lazy("The built-in text: neither the event nor the site has one."),
}


def sample_registration(event, kind):
    """Return a registration of a sample person for `event`, never saved, with sessions."""
    rounds = program_rounds(event)
    registration = Registration(
        # A primary key that no row has: the placements below are given, never queried.
        pk=0,
        page=event,
        name=SAMPLE_NAME,
        email=SAMPLE_EMAIL,
        language=event.locale.language_code,
        status=SAMPLE_STATUS.get(kind, Registration.Status.CONFIRMED),
        token="voorbeeld",
        session_preferences={
            round_.id: [session.id for session in round_.sessions[:2]] for round_ in rounds
        },
    )
    placements = []
    if kind in (MailLog.Kind.SCHEDULE, MailLog.Kind.REMINDER):
        placements = [
            SessionPlacement(
                round_id=round_.id,
                session_id=round_.sessions[0].id,
                session_title=round_.sessions[0].title,
            )
            for round_ in rounds
            if round_.sessions
        ]
    registration._prefetched_objects_cache = {"placements": placements}
    return registration


def sample_message(event, kind, recipient=SAMPLE_EMAIL):
    """Return the mail of `kind` about `event` for the sample person, sent to `recipient`."""
    notification = None
    if kind == MailLog.Kind.NOTIFICATION:
        notification = ChangeNotification(
            message=_("Here follows your message about the change."), cancels=False
        )
    mail = MailLog(
        registration=sample_registration(event, kind),
        kind=kind,
        notification=notification,
        recipient=recipient,
    )
    return build_message(mail)


class MailPreviewForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("mail"), choices=MailLog.Kind.choices)


class MailPreviewView(EventAdminViewMixin, FormView):
    """Show each mail of the event as a registrant would get it; send a test to oneself."""

    template_name = "cms_events/admin/mail_preview.html"
    header_icon = "mail"
    form_class = MailPreviewForm

    def get_page_title(self):
        return _("Mails")

    def get_kind(self):
        kind = self.request.GET.get("soort", "")
        return kind if kind in MailLog.Kind.values else MailLog.Kind.CONFIRMATION

    def get_initial(self):
        return {"kind": self.get_kind()}

    def get_context_data(self, **kwargs):
        from cms_events.registration.mail_templates import texts_for

        context = super().get_context_data(**kwargs)
        kind = self.get_kind()
        message = sample_message(self.event, kind)
        texts = texts_for(self.event, kind, self.event.get_form_of_address())
        context.update(
            event=self.event,
            kind=kind,
            kinds=[(value, label, value == kind) for value, label in MailLog.Kind.choices],
            subject=message.subject,
            text=message.body,
            html=message.alternatives[0][0],
            attachments=[part.get_filename() for part in message.attachments],
            source=SOURCES[texts[2] if texts else Source.BUILT_IN],
            own_address=self.request.user.email,
        )
        return context

    def form_valid(self, form):
        kind = form.cleaned_data["kind"]
        address = self.request.user.email
        url = reverse("cms_events_mail_preview", args=[self.event.pk]) + f"?soort={kind}"
        if not address:
            messages.error(self.request, _("Your account has no email address to send a test to."))
            return redirect(url)
        message = sample_message(self.event, kind, recipient=address)
        message.subject = _("[Test] %(subject)s") % {"subject": message.subject}
        message.to, message.cc, message.bcc, message.reply_to = [address], [], [], []
        message.send()
        messages.success(
            self.request, _("A test mail was sent to %(address)s.") % {"address": address}
        )
        return redirect(url)
