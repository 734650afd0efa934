"""The thanks after registering, without a session: a signed, short-lived link.

After a registration the visitor is sent to the event page with `?bedankt=<signed value>`: the
page, the outcome (confirmed or waiting list) and the time, signed with the site's secret. The
page shows the thanks for CMS_EVENTS_THANKS_MAX_AGE seconds, privately and never cached; the
plain page stays the same for everyone. The link holds no personal data: whoever opens it sees
only that someone registered.
"""

from urllib.parse import urlencode

from django.core import signing

from cms_events.conf import get_setting

PARAMETER = "bedankt"
SIGNING_SALT = "cms_events.registration-thanks"
OUTCOMES = ("confirmed", "waiting_list")


def signer():
    return signing.TimestampSigner(salt=SIGNING_SALT)


def thanks_url(page, outcome):
    """Return the URL of `page` that shows the thanks for `outcome`."""
    value = signer().sign(f"{page.translation_key}.{outcome}")
    return f"{page.url}?{urlencode({PARAMETER: value})}#aanmelden"


def asks_for_thanks(request):
    return PARAMETER in request.GET


def thanks_for(request, page):
    """Return the outcome to thank for on `page`, or None if the link is not valid (any more)."""
    value = request.GET.get(PARAMETER) if request.method in ("GET", "HEAD") else None
    if not value:
        return None
    try:
        signed = signer().unsign(value, max_age=get_setting("THANKS_MAX_AGE"))
    except signing.BadSignature:
        return None
    key, _sep, outcome = signed.rpartition(".")
    if key != str(page.translation_key) or outcome not in OUTCOMES:
        return None
    return outcome
