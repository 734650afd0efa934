"""The admin tool for data-subject requests: find, export and erase one person's registrations.

Only users with `cms_events.handle_data_subject_requests` reach any of its URLs (403 for
everyone else). The address travels in POST bodies only, never in a URL, so it stays out of
access logs and browser history; every response is marked never to be cached.
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Locale, Site

from cms_events.admin.forms import (
    DataSubjectEraseForm,
    DataSubjectExportForm,
    DataSubjectSearchForm,
)
from cms_events.models import DataSubjectRequestLog, EventCapacity, EventPage
from cms_events.registration import data_subject, personal_data

PERMISSION = "cms_events.handle_data_subject_requests"
LOG_PAGE_SIZE = 50


@method_decorator(never_cache, name="dispatch")
class DataSubjectViewMixin(WagtailAdminTemplateMixin):
    """Refuse users without the permission before anything is looked up."""

    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Data-subject requests")

    def get_breadcrumbs_items(self):
        items = [
            *super().get_breadcrumbs_items(),
            {"url": reverse("cms_events_data_subject"), "label": _("Data-subject requests")},
        ]
        if self.get_page_title() != items[-1]["label"]:
            items.append({"url": "", "label": self.get_page_title()})
        return items

    def back_with_form_errors(self, form):
        """Go back to the search page and say what was wrong with the address."""
        for errors in form.errors.values():
            for error in errors:
                messages.error(self.request, error)
        return redirect("cms_events_data_subject")


class DataSubjectRequestsView(DataSubjectViewMixin, TemplateView):
    """Search by email address (POST), show what is stored, and show the log."""

    template_name = "cms_events/admin/data_subject/index.html"

    def post(self, request, *args, **kwargs):
        form = DataSubjectSearchForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(search_form=form))
        email = form.cleaned_data["email"]
        registrations = list(data_subject.find_registrations(email))
        earlier = list(data_subject.earlier_requests(email)[:20])
        data_subject.log_request(
            request.user, DataSubjectRequestLog.Action.SEARCH, email, registrations
        )
        return self.render_to_response(
            self.get_context_data(
                search_form=form,
                searched=True,
                records=personal_data.describe(registrations),
                earlier=earlier,
                export_form=DataSubjectExportForm(
                    initial={
                        "email": email,
                        "language": personal_data.export_language(registrations),
                    }
                ),
                erase_form=DataSubjectEraseForm(
                    initial={"email": email, "fingerprint": data_subject.fingerprint(registrations)}
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("search_form", DataSubjectSearchForm())
        log = Paginator(DataSubjectRequestLog.objects.all(), LOG_PAGE_SIZE)
        page = log.get_page(self.request.GET.get("p"))
        titles = event_titles(page.object_list)
        context.update(
            {
                "log": page,
                "log_rows": [
                    (entry, [titles.get(pk, _("(removed event)")) for pk in entry.event_ids])
                    for entry in page.object_list
                ],
                "elided_page_range": log.get_elided_page_range(page.number),
            }
        )
        return context


class DataSubjectExportView(DataSubjectViewMixin, View):
    """Download everything stored about one address as a readable HTML file."""

    def get(self, request):
        return redirect("cms_events_data_subject")

    def post(self, request):
        form = DataSubjectExportForm(request.POST)
        if not form.is_valid():
            return self.back_with_form_errors(form)
        email = form.cleaned_data["email"]
        registrations = list(data_subject.find_registrations(email))
        data_subject.log_request(
            request.user, DataSubjectRequestLog.Action.EXPORT, email, registrations
        )
        site = Site.find_for_request(request)
        content = personal_data.render_export(
            email,
            registrations,
            language=form.cleaned_data["language"],
            site_name=site.site_name if site and site.site_name else request.get_host(),
        )
        response = HttpResponse(content, content_type="text/html; charset=utf-8")
        filename = personal_data.export_filename()
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class DataSubjectEraseView(DataSubjectViewMixin, TemplateView):
    """Confirm, then erase every registration of one address (POST only)."""

    template_name = "cms_events/admin/data_subject/confirm_erase.html"

    def get_page_title(self):
        return _("Erase registrations")

    def get(self, request):
        return redirect("cms_events_data_subject")

    def post(self, request):
        form = DataSubjectEraseForm(request.POST)
        if not form.is_valid():
            return self.back_with_form_errors(form)
        email = form.cleaned_data["email"]
        if "confirm" not in request.POST:
            return self.confirm(email)
        try:
            entry = data_subject.erase(
                email, user=request.user, confirmed_fingerprint=form.cleaned_data["fingerprint"]
            )
        except data_subject.RegistrationsChanged:
            messages.warning(
                request,
                _("The registrations of this address changed in the meantime. Check them again."),
            )
            return self.confirm(email)
        except data_subject.ErasureIncomplete:
            messages.error(
                request,
                _("The address was still found after erasing, so nothing was erased. Try again."),
            )
            return redirect("cms_events_data_subject")
        messages.success(request, erased_message(entry.registration_count))
        return redirect("cms_events_data_subject")

    def confirm(self, email):
        registrations = list(data_subject.find_registrations(email))
        form = DataSubjectEraseForm(
            initial={"email": email, "fingerprint": data_subject.fingerprint(registrations)}
        )
        context = self.get_context_data(
            form=form, email=email, records=personal_data.describe(registrations)
        )
        return TemplateResponse(self.request, self.template_name, context)


def erased_message(count):
    return translation.ngettext(
        "%(count)s registration erased. Checked: the address is no longer found in "
        "registrations or mail logs.",
        "%(count)s registrations erased. Checked: the address is no longer found in "
        "registrations or mail logs.",
        count,
    ) % {"count": count}


def event_titles(entries):
    """Return {EventCapacity id: title in the default language} for the log's events."""
    ids = {event_id for entry in entries for event_id in entry.event_ids}
    keys = dict(EventCapacity.objects.filter(pk__in=ids).values_list("translation_key", "pk"))
    default = Locale.get_default().pk
    titles = {}
    for page in EventPage.objects.filter(translation_key__in=keys).only(
        "title", "translation_key", "locale"
    ):
        if page.locale_id == default or keys[page.translation_key] not in titles:
            titles[keys[page.translation_key]] = page.title
    return titles
