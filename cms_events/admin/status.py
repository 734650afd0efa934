"""Admin views of cms_events: thin wrappers around forms and actions."""

from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView
from wagtail.admin import messages

from cms_events.admin.base import EventAdminViewMixin
from cms_events.admin.forms import StatusChangeForm
from cms_events.admin.notifications import after_publishing
from cms_events.publishing.status_change import change_event_status


class StatusChangeView(EventAdminViewMixin, FormView):
    """Set a new status with an update, preview the banner, and publish in one go."""

    form_class = StatusChangeForm
    template_name = "cms_events/admin/change_status.html"
    header_icon = "warning"
    required_permission = "publish"

    def get_page_title(self):
        return _("Change status")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["event"] = self.event
        if self.request.method == "GET":
            kwargs["initial"] = {"status": self.event.status}
        return kwargs

    def form_valid(self, form):
        if "preview" in self.request.POST:
            return self.render_to_response(
                self.get_context_data(form=form, previewed=True, preview=form.get_preview_banner())
            )
        sequence_before = self.event.sequence
        event = change_event_status(self.event, user=self.request.user, **form.cleaned_data)
        messages.success(
            self.request,
            _("“%(title)s” is published with its new status.") % {"title": self.event.title},
            buttons=[messages.button(self.event.url, _("View live"), new_window=True)],
        )
        next_step = after_publishing(self.request, event, sequence_before)
        return next_step or redirect("wagtailadmin_explore", self.event.get_parent().pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["event"] = self.event
        context["action_url"] = self.request.path
        return context
