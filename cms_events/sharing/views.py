"""Public sharing endpoints: short links, their QR codes and the printable invitation.

Each takes an optional `day`: a date of a series has a short link, QR code and invitation of
its own (“/e/k7m2p9q/2027-04-19/”), which lead to the page on that date.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.views.decorators.http import require_GET

from cms_events.locales import render_now, use_form_of_address
from cms_events.models import EventPage
from cms_events.sharing import qrcodes, shortlinks
from cms_events.visibility import public_page


def event_for_short_code(request, code, day=None):
    """Return the public event behind a short code on this site, or for `day` that event on
    its stored date (`EventOnDate`); raise 404 when there is none."""
    event = shortlinks.event_for_code(code)
    if event is None:
        raise Http404
    event = public_page(request, EventPage, event.pk)
    if day is None:
        return event
    on_date = shortlinks.event_on_shared_date(event, day)
    if on_date is None:
        raise Http404
    return on_date


@require_GET
def short_link(request, code, day=None):
    """Send a QR-code scan to the registration section, marked with its source; for a date of
    a series to the page on that date, whose form then has that date chosen."""
    event = event_for_short_code(request, code, day)
    query = f"{event.query_string}&" if day is not None else ""
    return redirect(f"{event.url}?{query}bron=qr#aanmelden")


@require_GET
def short_link_qr(request, code, image_format, day=None):
    """The QR code of a short link, as SVG or PNG (`?download=1` to save it)."""
    event = event_for_short_code(request, code, day)
    url = shortlinks.short_url(event, request, day)
    if image_format == "svg":
        response = HttpResponse(qrcodes.qr_svg(url), content_type="image/svg+xml")
    else:
        response = HttpResponse(qrcodes.qr_png(url), content_type="image/png")
    if request.GET.get("download"):
        name = f"{event.slug}-{day.isoformat()}" if day is not None else event.slug
        response["Content-Disposition"] = f'attachment; filename="qr-{name}.{image_format}"'
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def printable_invitation(request, code, day=None):
    """An A4 invitation: title, facts, program summary and the QR code with its URL; for a
    date of a series that date's facts, status and theme, with the date's QR code."""
    event = event_for_short_code(request, code, day)
    context = {
        "page": event.page if day is not None else event,
        "event": event,
        "short_url": shortlinks.short_url(event, request, day),
        "qr_path": shortlinks.sharing_paths(event, day)["qr_svg"],
    }
    # The URL has no language prefix: the invitation speaks the language of its page.
    with (
        translation.override(event.locale.language_code),
        use_form_of_address(event.get_form_of_address(request)),
    ):
        return render_now(TemplateResponse(request, "cms_events/invitation.html", context))
