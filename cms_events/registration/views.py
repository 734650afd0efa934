"""Thin public endpoints: the registration POST of an event page and the self-service link."""

import re

from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cms_events.conf import get_setting
from cms_events.locales import use_form_of_address
from cms_events.models import Registration
from cms_events.registration import ratelimit
from cms_events.registration.services import RegistrationError, cancel_registration, register
from cms_events.registration.thanks import thanks_url
from cms_events.visibility import visible_version


def thank_and_redirect(page, request, status):
    """Post/Redirect/Get: go back to the form with a signed link to the thanks."""
    return redirect(thanks_url(page, status))


def render_form_again(page, request, form, status=200):
    """Show the page with the form as submitted, its values and its errors, to this visitor
    only."""
    context = page.get_context(request, form=form)
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    add_never_cache_headers(response)
    return response


# A source is a short marker such as “qr” or “nieuwsbrief-2”; anything else is left out.
SOURCE_RE = re.compile(r"[A-Za-z0-9._-]{1,32}")


def source_of(request):
    """Return the `?bron=` the form was reached with, or "" when it is missing or malformed."""
    source = request.GET.get("bron", "")
    return source if SOURCE_RE.fullmatch(source) else ""


def over_rate_limit(page, request, email=None):
    """Count the attempt; return the name of the first rate limit it exceeds, or None."""
    limits = [
        ("ip", ratelimit.client_ip(request), "RATE_LIMIT_PER_IP"),
        ("event", page.translation_key, "RATE_LIMIT_PER_EVENT"),
    ]
    if email:
        limits.append(("email", email, "RATE_LIMIT_PER_EMAIL"))
    for scope, who, name in limits:
        if not ratelimit.allow(scope, who, get_setting(name)):
            ratelimit.log_refusal(page, name)
            return name
    return None


def handle_registration(page, request):
    """Validate and store a registration from the form on `page`; never lose what was typed."""
    form = page.get_registration_form(request.POST)
    if not form.is_valid():
        return render_form_again(page, request, form)
    if form.is_spam():
        return thank_and_redirect(page, request, "confirmed")
    email = form.cleaned_data["registrant_email"]
    if exceeded := over_rate_limit(page, request, email):
        form.add_error(None, ratelimit.refusal_message(exceeded))
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
            source=source_of(request),
            series_date=form.get_series_date(),
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
    # Registered for one date of a series: that date's facts.
    shown = event
    if event is not None and registration.series_date is not None:
        shown = event.on_stored_date(registration.series_date) or event
    form_of_address = event.get_form_of_address(request) if event else None
    with translation.override(registration.language), use_form_of_address(form_of_address):
        if request.method == "POST" and registration.is_active:
            cancel_registration(registration)
            request.session["cms_events_withdrawn"] = token
            return redirect(request.path)
        withdrawn = request.session.pop("cms_events_withdrawn", None) == token
        response = TemplateResponse(
            request,
            "cms_events/registration_detail.html",
            {
                "registration": registration,
                "event": shown,
                "page": event,
                # Linked only while a visitor may see it; the title is the registrant's own.
                "event_link": visible_version(registration.page_id, registration.language)
                if event
                else None,
                "withdrawn": withdrawn,
            },
        )
        response.render()
    response["X-Robots-Tag"] = "noindex"
    return response
