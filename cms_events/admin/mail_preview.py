"""The admin's preview of an event's mails, with a sample person, and a test mail to oneself.

The preview is the mail that would go out, built by the same `build_message()`, for a sample
registration that is never stored: real registrants are never shown, so the page's edit
permission is enough. The test mail goes to the address of the user who asks for it, never to
a registrant; it is a POST, under Django's CSRF protection like every admin form.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages

from cms_events.admin.base import EventAdminViewMixin
from cms_events.models import MailLog
from cms_events.registration.mail_samples import sample_message
from cms_events.registration.mail_templates import Source, texts_for
from cms_events.registration.placeholders import check_text

SOURCES = {
    Source.EVENT: gettext_lazy("This event's own text."),
    Source.SITE: gettext_lazy("The site's text (Events › Mail texts)."),
    Source.BUILT_IN: gettext_lazy("The built-in text: neither the event nor the site has one."),
}


def text_errors(texts, kind):
    """Return what is wrong with a stored text that will not be used (a translation saved
    with a misspelt placeholder, for example), or []."""
    if texts is None:
        return []
    try:
        for text in texts[:2]:
            check_text(text, kind)
    except ValidationError as error:
        return error.messages
    return []


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
        context = super().get_context_data(**kwargs)
        kind = self.get_kind()
        # Asked before the sample mail lends an event without a link the example link.
        unsent = kind == MailLog.Kind.THANK_YOU and not (
            self.event.send_thank_you_mail and self.event.thank_you_mail_url
        )
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
            text_errors=text_errors(texts, kind),
            not_sent=_(
                "This event sends no thank-you mail: switch it on, with its link, on the "
                "Registration tab. The link in this preview is an example."
            )
            if unsent
            else "",
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
