"""Thin public endpoints: the registration POST of an event page and the self-service link."""

from datetime import timedelta

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.models import Site

from . import feeds, qrcodes, ratelimit, shortlinks
from .conf import get_setting
from .ical import build_event_calendar
from .models import EventIndexPage, EventPage, Registration
from .models.registration_settings import THANKS_SESSION_KEY
from .registration import RegistrationError, cancel_registration, register
from .visibility import public


def thank_and_redirect(page, request, status):
    """Post/Redirect/Get: remember the outcome for the next GET and go back to the form."""
    request.session[THANKS_SESSION_KEY] = {"page": str(page.translation_key), "status": status}
    return redirect(page.url + "#aanmelden")


def render_form_again(page, request, form, status=200):
    """Show the page with the form as submitted: its values and its errors."""
    context = page.get_context(request, form=form)
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    patch_cache_control(response, private=True)
    return response


def over_rate_limit(page, request, email=None):
    limits = [
        ("ip", ratelimit.client_ip(request), get_setting("RATE_LIMIT_PER_IP")),
        ("event", page.translation_key, get_setting("RATE_LIMIT_PER_EVENT")),
    ]
    if email:
        limits.append(("email", email, get_setting("RATE_LIMIT_PER_EMAIL")))
    return not all(ratelimit.allow(scope, who, limit) for scope, who, limit in limits)


def handle_registration(page, request):
    """Validate and store a registration from the form on `page`; never lose what was typed."""
    form = page.get_registration_form(request.POST)
    if not form.is_valid():
        return render_form_again(page, request, form)
    if form.is_spam():
        return thank_and_redirect(page, request, "confirmed")
    email = form.cleaned_data["registrant_email"]
    if over_rate_limit(page, request, email):
        form.add_error(
            None, _("Too many registrations in a short time. Please try again in an hour.")
        )
        return render_form_again(page, request, form, status=429)
    try:
        registration = register(
            page,
            name=form.cleaned_data["registrant_name"],
            email=email,
            answers=form.get_answers(),
            preferences=form.get_session_preferences(),
            choice_titles=form.get_session_choice_titles(),
            language=translation.get_language() or "nl",
            source=request.GET.get("bron", "")[:32],
        )
    except RegistrationError as error:
        form.add_error(None, str(error.message))
        return render_form_again(page, request, form)
    return thank_and_redirect(page, request, registration.status)


@never_cache
@require_http_methods(["GET", "POST"])
def registration_detail(request, token):
    """Show a registration to its owner and let them withdraw it with one confirmation."""
    registration = get_object_or_404(
        Registration.objects.select_related("page"), token=token, anonymised_at__isnull=True
    )
    event = registration.page.specific if registration.page else None
    with translation.override(registration.language):
        if request.method == "POST" and registration.is_active:
            cancel_registration(registration)
            request.session["cms_events_withdrawn"] = token
            return redirect(request.path)
        withdrawn = request.session.pop("cms_events_withdrawn", None) == token
        response = TemplateResponse(
            request,
            "cms_events/registration_detail.html",
            {"registration": registration, "event": event, "page": event, "withdrawn": withdrawn},
        )
        response.render()
    response["X-Robots-Tag"] = "noindex"
    return response


def public_page(request, model, page_id):
    """Return a live page without view restrictions on the requested site, or raise 404."""
    site = Site.find_for_request(request)
    page = public(model.objects.live()).filter(pk=page_id).first()
    if page is None or site is None:
        raise Http404
    # A site's tree includes the translations of its root page (one per language).
    roots = site.root_page.get_translations(inclusive=True).values_list("path", flat=True)
    if not any(page.path.startswith(root) for root in roots):
        raise Http404
    return page


def calendar_response(calendar, filename):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def event_ics(request, page_id):
    """Download one event as .ics (no METHOD: a plain calendar file)."""
    event = public_page(request, EventPage, page_id)
    calendar = build_event_calendar(event, url=event.get_full_url(request))
    return calendar_response(calendar, f"{event.slug}.ics")


@require_GET
def index_feed(request, index_id):
    """Subscribable feed of an index: upcoming events and those of the last 90 days."""
    index = public_page(request, EventIndexPage, index_id)
    recent = timezone.now() - timedelta(days=90)
    events = feeds.feed_events(index.get_events().filter(end__gte=recent).order_by("start", "pk"))
    text = feeds.feed_text(
        events,
        name=index.title,
        url_for=lambda event: event.get_full_url(request),
        cache_key=f"{index.pk}:{request.get_host()}:{translation.get_language()}",
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{index.slug}.ics"'
    return response


def event_for_short_code(request, code):
    """Return the public event behind a short code on this site, or raise 404."""
    event = shortlinks.event_for_code(code)
    if event is None:
        raise Http404
    return public_page(request, EventPage, event.pk)


@require_GET
def short_link(request, code):
    """Send a QR-code scan to the registration section, marked with its source."""
    event = event_for_short_code(request, code)
    return redirect(f"{event.url}?bron=qr#aanmelden")


@require_GET
def short_link_qr(request, code, image_format):
    """The QR code of a short link, as SVG or PNG (`?download=1` to save it)."""
    event = event_for_short_code(request, code)
    url = shortlinks.short_url(event, request)
    if image_format == "svg":
        response = HttpResponse(qrcodes.qr_svg(url), content_type="image/svg+xml")
    else:
        response = HttpResponse(qrcodes.qr_png(url), content_type="image/png")
    if request.GET.get("download"):
        filename = f"qr-{event.slug}.{image_format}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def printable_invitation(request, code):
    """An A4 invitation: title, facts, program summary and the QR code with its URL."""
    event = event_for_short_code(request, code)
    context = {
        "page": event,
        "event": event,
        "short_url": shortlinks.short_url(event, request),
        "qr_path": reverse("cms_events:short_link_qr", args=[code, "svg"]),
    }
    return TemplateResponse(request, "cms_events/invitation.html", context)
