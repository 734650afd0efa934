"""The admin's “notify registrants?” step after a change, and the progress of sending."""

from django import forms
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages

from cms_events.admin.base import (
    CHANGE_REGISTRATIONS,
    VIEW_REGISTRATIONS,
    EventAdminViewMixin,
    may_mail_registrants,
)
from cms_events.locales import use_form_of_address
from cms_events.models import MailLog, Registration
from cms_events.registration.emails import mail_facts
from cms_events.registration.notifications import (
    create_notification,
    default_message,
    dismiss_change,
    existing_notification,
    pending_change,
    progress,
    recipients,
    record_change,
)
from cms_events.registration.tasks import send_notification

# Long enough for any explanation, short enough for a mail.
MESSAGE_MAX_LENGTH = 5000


class NotificationForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Sent with the event's facts and a calendar update."),
    )


def after_publishing(request, event, sequence_before, facts_before=None):
    """Keep a published change for the registrants; return where the editor goes next.

    Whoever may mail registrants is asked at once (the notify view). Anyone else publishes
    without seeing who is registered: the change waits for a colleague who manages
    registrations, on the dashboard and the registrations view. Return None when nothing
    changed for the registrants.
    """
    if not record_change(event, sequence_before, request.user, facts_before):
        return None
    if may_mail_registrants(request.user):
        return redirect("cms_events_notify", event.pk)
    messages.warning(
        request,
        _(
            "The registrants have not been told about this change yet. Colleagues who manage "
            "registrations see it on their dashboard and decide whether to notify them."
        ),
    )
    return None


class NotifyRegistrantsView(EventAdminViewMixin, FormView):
    """Ask before mailing registrants about a change; afterwards show the progress.

    Seeing the question, its preview and the progress needs `view_registration`; sending,
    sending again and deciding not to notify need `change_registration` as well.
    """

    form_class = NotificationForm
    template_name = "cms_events/admin/notify.html"
    header_icon = "mail"
    view_permission = VIEW_REGISTRATIONS
    action_permission = CHANGE_REGISTRATIONS

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
        if request.POST.get("action") == "dismiss":
            dismiss_change(self.event)
            messages.success(request, _("The registrants are not notified of this change."))
            return redirect("wagtailadmin_explore", self.event.get_parent().pk)
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
                "pending": pending_change(self.event),
                "can_send": self.request.user.has_perm(CHANGE_REGISTRATIONS),
            }
        )
        if self.notification is not None:
            context["progress"] = progress(self.notification)
            context["mails"] = self.notification.mails.select_related("registration")
        return context
