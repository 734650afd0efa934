"""The QR codes of a series: its own and those of the dates it lists as coming, each to
download (PNG, SVG) and to print as an invitation.

Nothing here is personal: the page's edit permission is enough, as for the QR code button of a
single event. The codes lead to published pages only, so a page that is not live has none.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from cms_events.admin.base import EventAdminViewMixin
from cms_events.sharing.shortlinks import sharing_paths, short_url


class QRCodesView(EventAdminViewMixin, TemplateView):
    """List the series' own QR code and those of its coming dates."""

    template_name = "cms_events/admin/qr_codes.html"
    header_icon = "download"

    def setup_event(self, request):
        if not self.event.live:
            raise Http404

    def get_page_title(self):
        return _("QR codes")

    def links(self, day=None):
        return {"url": short_url(self.event, self.request, day), **sharing_paths(self.event, day)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dates = []
        if self.event.is_series:
            for occurrence in self.event.shown_upcoming_dates():
                occurrence.page = self.event
                dates.append((occurrence, self.links(occurrence.date)))
        context.update(event=self.event, own=self.links(), dates=dates)
        return context
