"""Public sharing endpoints: short links, their QR codes and the printable invitation."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from cms_events.locales import render_now, use_form_of_address
from cms_events.models import EventPage
from cms_events.sharing import qrcodes, shortlinks
from cms_events.visibility import public_page


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
    # The URL has no language prefix: the invitation speaks the language of its page.
    with (
        translation.override(event.locale.language_code),
        use_form_of_address(event.get_form_of_address(request)),
    ):
        return render_now(TemplateResponse(request, "cms_events/invitation.html", context))
