"""Admin views of cms_events: thin wrappers around forms and actions."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .actions import change_event_status
from .forms import StatusChangeForm
from .models import EventPage
from .notifications_admin import needs_notification


class StatusChangeView(WagtailAdminTemplateMixin, FormView):
    """Set a new status with an update, preview the banner, and publish in one go."""

    form_class = StatusChangeForm
    template_name = "cms_events/admin/change_status.html"
    header_icon = "warning"

    def dispatch(self, request, page_id):
        self.event = get_object_or_404(EventPage, pk=page_id)
        if not self.event.permissions_for_user(request.user).can_publish():
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_page_title(self):
        return _("Change status")

    def get_page_subtitle(self):
        return self.event.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.event.pk]),
                "label": self.event.title,
            },
            {"url": "", "label": _("Change status")},
        ]

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
        if needs_notification(event, sequence_before):
            return redirect("cms_events_notify", event.pk)
        return redirect("wagtailadmin_explore", self.event.get_parent().pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["event"] = self.event
        context["action_url"] = self.request.path
        return context
