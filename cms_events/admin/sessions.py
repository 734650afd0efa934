"""The admin's work-sessions view per event: demand, allocation preview and commit, lists."""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin import messages

from cms_events.admin.base import (
    CHANGE_REGISTRATIONS,
    VIEW_REGISTRATIONS,
    EventAdminViewMixin,
)
from cms_events.models import Registration, SessionPlacement
from cms_events.registration import session_allocation
from cms_events.registration.exports import format_answer, to_csv, to_xlsx
from cms_events.registration.services import capacity_for
from cms_events.registration.sessions import (
    confirmed_preferences,
    demand,
    placement_counts,
    program_rounds,
)


class SessionsView(EventAdminViewMixin, TemplateView):
    """Show demand per session; preview and commit the allocation; list who goes where.

    `?preview=1` computes the allocation without storing it; a POST with the preview's
    fingerprint stores it, unless registrations changed in between. `?export=csv|xlsx` (with
    an optional `session`) downloads the lists for the session hosts.
    """

    template_name = "cms_events/admin/sessions.html"
    header_icon = "group"
    view_permission = VIEW_REGISTRATIONS
    action_permission = CHANGE_REGISTRATIONS

    def setup_event(self, request):
        self.capacity = capacity_for(self.event)
        self.rounds = program_rounds(self.event)

    def get_page_title(self):
        return _("Work sessions")

    def get_questions(self):
        """The short answers shown in the lists, such as organisation and position."""
        return [
            (field.clean_name, field.label)
            for field in self.event.get_form_fields()
            if field.field_type == "singleline"
        ]

    def get_placements(self):
        return (
            SessionPlacement.objects.filter(
                registration__event=self.capacity,
                registration__status=Registration.Status.CONFIRMED,
            )
            .select_related("registration")
            .order_by("registration__name", "registration__pk")
        )

    def get_lists(self):
        """Return [(round, [(session, [row, ...]), ...])] with a row per placed registrant."""
        questions = self.get_questions()
        by_session = {}
        for placement in self.get_placements():
            registration = placement.registration
            by_session.setdefault((placement.round_id, placement.session_id), []).append(
                [
                    registration.name,
                    *[format_answer(registration.answers.get(key)) for key, _l in questions],
                    placement.get_rank_display(),
                ]
            )
        return [
            (
                round_,
                [
                    (session, by_session.get((round_.id, session.id), []))
                    for session in round_.sessions
                ],
            )
            for round_ in self.rounds
        ]

    def get_list_header(self):
        return [_("Name"), *[label for _key, label in self.get_questions()], _("Choice")]

    def get(self, request, *args, **kwargs):
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            return self.export(export, request.GET.get("session"))
        return super().get(request, *args, **kwargs)

    def export(self, kind, session_id=None):
        header = [_("Round"), _("Session"), *self.get_list_header()]
        rows = [
            [round_.title, session.title, *row]
            for round_, sessions in self.get_lists()
            for session, session_rows in sessions
            if not session_id or session.id == session_id
            for row in session_rows
        ]
        name = f"sessies-{slugify(self.event.title)[:40]}"
        if kind == "csv":
            response = HttpResponse(to_csv(header, rows), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                to_xlsx(header, rows, title=_("Work sessions")),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
        response["Cache-Control"] = "private, no-store"
        return response

    def post(self, request, *args, **kwargs):
        if not self.rounds:
            return redirect(request.path)
        if request.POST.get("fingerprint") != session_allocation.fingerprint(self.capacity):
            messages.warning(
                request,
                _(
                    "Registrations have changed since the preview. Check the new preview "
                    "before you allocate."
                ),
            )
            return redirect(request.path + "?preview=1")
        result = session_allocation.commit(self.event, self.capacity)
        messages.success(
            request,
            _(
                "The sessions are allocated: %(people)s registrants placed, %(first)s%% of "
                "the places by first choice. Everyone receives their schedule by mail."
            )
            % {
                "people": len(result.placements),
                "first": round(100 * result.share_of_first_choices()),
            },
        )
        return redirect(request.path)

    def get_preview(self):
        result = session_allocation.preview(self.event, self.capacity)
        names = dict(
            self.capacity.registrations.filter(pk__in=list(result.placements)).values_list(
                "pk", "name"
            )
        )
        return {
            "result": result,
            "share_first": round(100 * result.share_of_first_choices()),
            "counts": {rank: result.count(rank) for rank in SessionPlacement.Rank.values},
            "unplaced": [
                (round_, [names[pk] for pk in result.unplaced.get(round_.id, [])])
                for round_ in self.rounds
                if result.unplaced.get(round_.id)
            ],
            "fingerprint": session_allocation.fingerprint(self.capacity),
            "loads": {
                (round_.id, session.id): result.load(round_.id, session.id)
                for round_ in self.rounds
                for session in round_.sessions
            },
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        wanted = demand(confirmed_preferences(self.capacity), self.rounds)
        placed = placement_counts(self.capacity)
        preview = self.get_preview() if self.request.GET.get("preview") and self.rounds else None
        context.update(
            {
                "event": self.event,
                "allocated_at": self.capacity.sessions_allocated_at,
                "confirmed": self.capacity.registrations.filter(
                    status=Registration.Status.CONFIRMED
                ).count(),
                "rounds": [
                    (
                        round_,
                        [
                            {
                                "session": session,
                                "first": wanted[round_.id, session.id]["first"],
                                "second": wanted[round_.id, session.id]["second"],
                                "placed": placed.get((round_.id, session.id), 0),
                                "preview": preview["loads"][round_.id, session.id]
                                if preview
                                else None,
                            }
                            for session in round_.sessions
                        ],
                    )
                    for round_ in self.rounds
                ],
                "preview": preview,
                "lists": self.get_lists() if self.capacity.sessions_allocated_at else [],
                "list_header": self.get_list_header(),
                "can_change": self.request.user.has_perm(CHANGE_REGISTRATIONS),
            }
        )
        return context
