"""The admin's registrations view per event: counts, search, filters, actions and exports."""

from datetime import date

from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin import messages

from cms_events.admin.base import (
    CHANGE_REGISTRATIONS,
    CHECK_IN_REGISTRATIONS,
    VIEW_REGISTRATIONS,
    EventAdminViewMixin,
)
from cms_events.formatting import format_event_moment, format_time
from cms_events.models import Registration
from cms_events.registration.exports import format_answer, to_csv, to_xlsx
from cms_events.registration.notifications import pending_change
from cms_events.registration.services import (
    RegistrationError,
    cancel_registration,
    capacity_for,
    move_registration,
    per_date,
)
from cms_events.registration.sessions import describe_preferences, program_rounds, schedule

ACTIONS = {
    "cancel": None,
    "confirm": Registration.Status.CONFIRMED,
    "waiting_list": Registration.Status.WAITING_LIST,
}


def asked_date(text):
    """Return the date “2027-04-19” names, or None for anything else."""
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


ATTENDANCE_FILTERS = {
    "came": Q(status=Registration.Status.CONFIRMED, checked_in_at__isnull=False),
    "not_came": Q(status=Registration.Status.CONFIRMED, checked_in_at__isnull=True),
}
PRINTS = {
    "attendance": "cms_events/admin/print/attendance.html",
    "badges": "cms_events/admin/print/badges.html",
}


def count_attendance(capacity):
    """Return who came, who did not (yet) and the total of confirmed registrations."""
    confirmed = capacity.registrations.filter(status=Registration.Status.CONFIRMED)
    counts = confirmed.aggregate(
        total=Count("pk"), came=Count("pk", filter=Q(checked_in_at__isnull=False))
    )
    counts["not_came"] = counts["total"] - counts["came"]
    return counts


def checked_in_cell(registration):
    if registration.checked_in_at is None:
        return ""
    return date_format(timezone.localtime(registration.checked_in_at), "SHORT_DATETIME_FORMAT")


def count_by_status(capacity):
    """Return {status: number} for all of an event's registrations."""
    counts = capacity.registrations.values("status").annotate(number=Count("pk"))
    result = dict.fromkeys(Registration.Status.values, 0)
    result.update({row["status"]: row["number"] for row in counts})
    return result


class RegistrationsView(EventAdminViewMixin, TemplateView):
    """List an event's registrations; with `?export=csv|xlsx`, download them."""

    template_name = "cms_events/admin/registrations.html"
    header_icon = "group"
    view_permission = VIEW_REGISTRATIONS
    action_permission = CHANGE_REGISTRATIONS

    def setup_event(self, request):
        self.capacity = capacity_for(self.event)

    def get_page_title(self):
        return _("Registrations")

    def get_registrations(self):
        registrations = self.capacity.registrations.filter(anonymised_at__isnull=True)
        status = self.request.GET.get("status")
        if status in Registration.Status.values:
            registrations = registrations.filter(status=status)
        # One date of a series (registration per date): “?datum=2027-04-19”.
        day = asked_date(self.request.GET.get("datum", ""))
        if day is not None:
            registrations = registrations.filter(series_date=day)
        attendance = self.request.GET.get("attendance")
        if attendance in ATTENDANCE_FILTERS:
            registrations = registrations.filter(ATTENDANCE_FILTERS[attendance])
        query = self.request.GET.get("q", "").strip()
        if query:
            registrations = registrations.filter(
                Q(name__icontains=query) | Q(email__icontains=query) | Q(answers__icontains=query)
            )
        registrations = registrations.order_by("series_date", "created_at", "pk")
        return registrations.select_related("page").prefetch_related("mails", "placements")

    def get_questions(self):
        return [(field.clean_name, field.label) for field in self.event.get_form_fields()]

    def get_rows(self, registrations):
        questions = self.get_questions()
        header = [
            _("Name"),
            _("Email address"),
            _("Status"),
            _("Registered at"),
            _("Language"),
            _("Source"),
            _("Mail"),
        ]
        dated = per_date(self.event)
        if dated:
            header.insert(2, _("Date"))
        header += [label for _key, label in questions]
        rounds = program_rounds(self.event)
        if rounds:
            header += [_("Session preferences"), _("Sessions")]
        header.append(_("Checked in"))
        rows = [
            [
                registration.name,
                registration.email,
                registration.get_status_display(),
                date_format(timezone.localtime(registration.created_at), "SHORT_DATETIME_FORMAT"),
                registration.language,
                registration.source,
                mail_summary(registration),
                *[format_answer(registration.answers.get(key)) for key, _label in questions],
                *(session_columns(registration, rounds) if rounds else []),
                checked_in_cell(registration),
            ]
            for registration in registrations
        ]
        if dated:
            for registration, row in zip(registrations, rows, strict=True):
                day = registration.series_date
                row.insert(2, date_format(day, "SHORT_DATE_FORMAT") if day else "")
        return header, rows

    def get(self, request, *args, **kwargs):
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            return self.export(export)
        printed = request.GET.get("print")
        if printed in PRINTS:
            return self.print_sheet(printed)
        return super().get(request, *args, **kwargs)

    def print_sheet(self, kind):
        """Return the attendance list or the name badges of the confirmed registrants: a
        page of its own, laid out for paper by its print stylesheet."""
        confirmed = self.capacity.registrations.filter(
            status=Registration.Status.CONFIRMED, anonymised_at__isnull=True
        ).prefetch_related("placements")
        rounds = program_rounds(self.event)
        people = [
            {
                "name": registration.name,
                "sessions": [
                    f"{round_.title}: {title}"
                    for round_, _session, title in schedule(registration, rounds)
                ],
                "checked_in": format_time(registration.checked_in_at)
                if registration.checked_in_at
                else "",
            }
            for registration in confirmed.order_by("name", "pk")
        ]
        response = TemplateResponse(
            self.request,
            PRINTS[kind],
            {
                "event": self.event,
                "when": format_event_moment(self.event),
                "people": people,
                "attendance": count_attendance(self.capacity),
            },
        )
        response["Cache-Control"] = "private, no-store"
        return response

    def export(self, kind):
        header, rows = self.get_rows(self.get_registrations())
        name = f"aanmeldingen-{slugify(self.event.title)[:40]}"
        if kind == "csv":
            response = HttpResponse(to_csv(header, rows), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                to_xlsx(header, rows, title=_("Registrations")),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
        response["Cache-Control"] = "private, no-store"
        return response

    def post(self, request, *args, **kwargs):
        registration = get_object_or_404(
            self.capacity.registrations, pk=request.POST.get("registration")
        )
        action = request.POST.get("action")
        if action not in ACTIONS:
            return redirect(request.get_full_path())
        try:
            if action == "cancel":
                cancel_registration(registration, by_organiser=True)
            else:
                move_registration(registration, ACTIONS[action])
        except RegistrationError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request, _("The registration of %(name)s is changed.") % {"name": registration.name}
            )
        return redirect(request.get_full_path())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registrations = self.get_registrations()
        header, rows = self.get_rows(registrations)
        context.update(
            {
                "event": self.event,
                "counts": count_by_status(self.capacity),
                "attendance": count_attendance(self.capacity),
                "attendance_filter": self.request.GET.get("attendance", ""),
                "event_over": self.event.ends_before(timezone.now()),
                "can_check_in": self.request.user.has_perm(CHECK_IN_REGISTRATIONS),
                "registrations": list(zip(registrations, rows, strict=True)),
                "header": header,
                "statuses": Registration.Status.choices,
                "query": self.request.GET.get("q", ""),
                "status": self.request.GET.get("status", ""),
                "can_change": self.request.user.has_perm(CHANGE_REGISTRATIONS),
                "has_sessions": bool(program_rounds(self.event)),
                "pending": pending_change(self.event),
            }
        )
        return context


def session_columns(registration, rounds):
    """Return the registrant's preferences and placements, e.g. “Ronde 1: Visie, Uitvraag”."""
    preferences = "; ".join(
        f"{round_title}: {', '.join(titles)}"
        for round_title, titles in describe_preferences(registration, rounds)
    )
    placed = "; ".join(
        f"{round_.title}: {title}" for round_, _session, title in schedule(registration, rounds)
    )
    return [preferences, placed]


def mail_summary(registration):
    """Return what was mailed and how it went, e.g. “Bevestiging: Verstuurd”."""
    return ", ".join(
        f"{mail.get_kind_display()}: {mail.get_status_display()}"
        for mail in registration.mails.all()
    )
