"""The door: a check-in page for a phone or tablet, and the JSON endpoints its script calls.

Every URL here needs `cms_events.check_in_registration` (and Wagtail's admin access), checked
before anything is read. Door staff need not edit the page nor see registrations: the door
shows name, sessions and status of each person, never an email address or answers. The page is
not one of Wagtail's admin pages: it is small enough for a phone, loads one script and one
stylesheet from this site, and keeps the visitors' strict Content Security Policy.

Actions come as JSON with an id the device chose (`client_id`), so a device that sends again
after losing its connection never checks anyone in twice (registration/check_in.py).
"""

import json
import uuid

from csp.constants import NONE, SELF
from csp.decorators import csp
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms_events.admin.base import CHECK_IN_REGISTRATIONS
from cms_events.formatting import format_event_moment
from cms_events.models import EventPage, Registration, not_ended_filter
from cms_events.registration import check_in
from cms_events.registration.services import (
    RegistrationError,
    confirmed_places,
    open_at_the_door,
)
from cms_events.registration.sessions import program_rounds

PERMISSION = CHECK_IN_REGISTRATIONS
MAX_BODY = 4096
# The visitors' policy (config/settings/base.py), also in the admin. The camera's stream goes
# to a <video> as an object, which no directive governs; jsQR needs no worker and no eval.
STRICT_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF],
    "connect-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
}


class BadRequest(Exception):
    """The device sent something that is not an action; answered with 400."""


@method_decorator([never_cache, csp(STRICT_POLICY)], name="dispatch")
class DoorViewMixin:
    """Refuse users without the check-in permission before the event is looked up."""

    def dispatch(self, request, page_id, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        self.event = get_object_or_404(EventPage, pk=page_id)
        return super().dispatch(request, page_id, *args, **kwargs)


@method_decorator(never_cache, name="dispatch")
class CheckInEventsView(WagtailAdminTemplateMixin, TemplateView):
    """Evenementen › Inchecken: the events with a form that have not ended, soonest first."""

    template_name = "cms_events/admin/check_in_events.html"
    header_icon = "tick"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Check-in")

    def get_context_data(self, **kwargs):
        events = (
            EventPage.objects.filter(not_ended_filter(timezone.now()))
            .filter(registration_mode=EventPage.Mode.FORM)
            .order_by("start", "pk")
        )
        context = super().get_context_data(**kwargs)
        context["events"] = [(event, format_event_moment(event)) for event in events[:50]]
        return context


class CheckInView(DoorViewMixin, TemplateView):
    """The check-in page: camera, search by name, walk-ins, and the queue of unsent actions."""

    template_name = "cms_events/admin/check_in.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        people = check_in.door_list(self.event)
        context.update(
            {
                "event": self.event,
                "when": format_event_moment(self.event),
                "people": people,
                "totals": door_totals(self.event, people),
                "walk_ins_open": open_at_the_door(self.event),
                "texts": door_texts(),
            }
        )
        return context


def door_texts():
    """Return the sentences the page's script shows, in the active language."""
    return {
        "check_in": _("Check in"),
        "pending": _("Checked in here; sent as soon as there is a connection."),
        "online": _("Connected."),
        "offline": _(
            "No connection. Check-ins are kept on this device and sent when the connection returns."
        ),
        "waiting": _("Waiting to be sent: %(count)s."),
        "totals": _("%(checked_in)s of %(confirmed)s checked in"),
        "start_camera": _("Start camera"),
        "stop_camera": _("Stop camera"),
        "camera_on": _("Hold the QR code in front of the camera."),
        "camera_failed": _("The camera could not be started. Search by name instead."),
        "unknown_code": _("This QR code is not a registration for this event."),
        "unknown_offline": _(
            "This QR code is not in the list on this device; without a connection it cannot "
            "be checked."
        ),
        "not_found": _("Nobody found with this name."),
        "walk_in_queued": _("%(name)s is registered as soon as there is a connection."),
        "reason_needed": _("Give a reason for admitting this person over capacity."),
        "server_error": _("The server did not answer; trying again shortly."),
        "logged_out": _(
            "You are no longer logged in. Log in again in another tab; nothing is lost."
        ),
    }


def door_totals(event, people):
    confirmed = sum(1 for person in people if person["status"] == Registration.Status.CONFIRMED)
    return {
        "confirmed": confirmed,
        "checked_in": sum(1 for person in people if person["checked_in_at"]),
        "capacity": event.capacity,
    }


class PeopleView(DoorViewMixin, View):
    """GET: everyone the door may meet, as JSON (the page refreshes its list with it)."""

    def get(self, request, *args, **kwargs):
        people = check_in.door_list(self.event)
        return JsonResponse(
            {
                "people": people,
                "totals": door_totals(self.event, people),
                # Logging in again rotates the token: the open page takes the new one.
                "csrf_token": get_token(request),
            }
        )


class DoorActionView(DoorViewMixin, View):
    """A POST of JSON from the check-in page; answers JSON, errors included."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            data = read_json(request)
            client_id = read_client_id(data)
            return self.act(data, client_id)
        except BadRequest as error:
            return JsonResponse({"ok": False, "message": str(error)}, status=400)
        except RegistrationError as error:
            return JsonResponse({"ok": False, "message": str(error.message), **self.refusal()})

    def refusal(self):
        return {}


def read_json(request):
    if len(request.body) > MAX_BODY:
        raise BadRequest(_("The request is too large."))
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise BadRequest(_("The request could not be read.")) from error
    if not isinstance(data, dict):
        raise BadRequest(_("The request could not be read."))
    return data


def read_client_id(data):
    try:
        return uuid.UUID(str(data.get("client_id", "")))
    except ValueError as error:
        raise BadRequest(_("The request could not be read.")) from error


def read_text(data, key, max_length=255):
    value = data.get(key, "")
    if not isinstance(value, str) or len(value) > max_length or "\x00" in value:
        raise BadRequest(_("The request could not be read."))
    return value.strip()


def answer(outcome, event, message):
    rounds = program_rounds(event)
    return JsonResponse(
        {
            "ok": True,
            "already": outcome.already,
            "message": message,
            "person": check_in.door_facts(outcome.registration, rounds),
        }
    )


class CheckInActionView(DoorActionView):
    """Check one person in, found by the token of their QR code or by the list (id)."""

    def act(self, data, client_id):
        method = read_text(data, "method", 16)
        if method not in (Registration.CheckInMethod.SCAN, Registration.CheckInMethod.SEARCH):
            raise BadRequest(_("The request could not be read."))
        registration = self.find(data)
        if registration is None:
            return JsonResponse(
                {"ok": False, "message": _("This QR code is not a registration for this event.")}
            )
        outcome = check_in.check_in(
            registration, user=self.request.user, method=method, client_id=client_id
        )
        person = outcome.registration
        if outcome.already:
            message = _("%(name)s is %(checked_in)s.") % {
                "name": person.name,
                "checked_in": check_in.already_checked_in_text(person),
            }
        else:
            message = _("%(name)s is checked in.") % {"name": person.name}
        return answer(outcome, self.event, message)

    def find(self, data):
        token = read_text(data, "token", 64)
        if token:
            return check_in.find_by_token(self.event, token)
        pk = data.get("registration")
        if not isinstance(pk, int):
            raise BadRequest(_("The request could not be read."))
        return check_in.door_registrations(self.event).filter(pk=pk).first()


class WalkInView(DoorActionView):
    """Register a person at the door and check them in."""

    def act(self, data, client_id):
        name = read_text(data, "name")
        email = read_text(data, "email", 254)
        if not name or not email:
            raise BadRequest(_("Give a name and an email address."))
        try:
            validate_email(email)
        except ValidationError as error:
            raise BadRequest(_("Enter a valid email address.")) from error
        self.over_capacity = data.get("over_capacity") is True
        outcome = check_in.register_walk_in(
            self.event,
            name=name,
            email=email,
            user=self.request.user,
            client_id=client_id,
            over_capacity=self.over_capacity,
            reason=read_text(data, "reason", 1000),
        )
        message = _("%(name)s is registered and checked in.") % {"name": outcome.registration.name}
        return answer(outcome, self.event, message)

    def refusal(self):
        # A full event: the page offers to admit the person anyway, with a reason.
        full = self.event.capacity is not None and (
            confirmed_places(self.event) >= self.event.capacity
        )
        return {"full": full}
