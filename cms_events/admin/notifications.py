"""The admin's “notify registrants?” step after a change, and the progress of sending."""

from django import forms
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages

from cms_events.admin.base import EventAdminViewMixin
from cms_events.form_of_address import use_form_of_address
from cms_events.models import MailLog, Registration
from cms_events.registration.emails import mail_facts
from cms_events.registration.notifications import (
    create_notification,
    default_message,
    existing_notification,
    progress,
    recipients,
)
from cms_events.registration.tasks import send_notification


class NotificationForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Message"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Sent with the event's facts and a calendar update."),
    )


def needs_notification(event, sequence_before):
    """Return whether publishing `event` changed what its registrants were told."""
    return event.sequence > sequence_before and recipients(event).exists()


class NotifyRegistrantsView(EventAdminViewMixin, FormView):
    """Ask before mailing registrants about a change; afterwards show the progress."""

    form_class = NotificationForm
    template_name = "cms_events/admin/notify.html"
    header_icon = "mail"
    required_permission = "publish"

    def setup_event(self, request):
        self.notification = existing_notification(self.event)

    def get_page_title(self):
        return _("Notify registrants")

    def get_initial(self):
        return {"message": default_message(self.event)}

    def post(self, request, *args, **kwargs):
        if self.notification is not None:
            if request.POST.get("action") == "retry":
                send_notification.enqueue(self.notification.pk)
                messages.success(request, _("The failed mails are sent again."))
            return redirect(request.path)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if "preview" in self.request.POST:
            return self.render_to_response(
                self.get_context_data(form=form, preview=self.preview(form))
            )
        create_notification(
            self.event, message=form.cleaned_data["message"], user=self.request.user
        )
        messages.success(self.request, _("The registrants are being notified."))
        return redirect(self.request.path)

    def preview(self, form):
        from cms_events.registration.notifications import ChangeNotification

        notification = ChangeNotification(
            sequence=self.event.sequence,
            cancels=self.event.status == "cancelled",
            message=form.cleaned_data["message"],
        )
        first = recipients(self.event).first()
        # As the first registrant will read it, with the facts block every mail carries.
        with use_form_of_address(self.event.get_form_of_address(self.request)):
            return render_to_string(
                "cms_events/emails/registration.txt",
                {
                    "registration": first,
                    "event": self.event,
                    "kind": MailLog.Kind.NOTIFICATION,
                    "notification": notification,
                    "facts": mail_facts(self.event, self.event.get_full_url(self.request), "…"),
                },
            )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        people = recipients(self.event)
        context.update(
            {
                "event": self.event,
                "notification": self.notification,
                "confirmed": people.filter(status=Registration.Status.CONFIRMED).count(),
                "waiting": people.filter(status=Registration.Status.WAITING_LIST).count(),
                "action_url": self.request.path,
            }
        )
        if self.notification is not None:
            context["progress"] = progress(self.notification)
            context["mails"] = self.notification.mails.select_related("registration")
        return context
