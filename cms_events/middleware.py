"""One guard in front of every view: hostile bytes in a request never reach a view or the database.

PostgreSQL refuses a NUL byte in text, so an unchecked one in a path, a query value or a cookie
turns into a 500 wherever it meets a query; a POST body in a charset Django will not decode
(such as UTF-16) fails again in Django's own error views. `RequestGuardMiddleware` answers
each of them before any view runs:

- a path with a control character: 404, the site's own “page not found”;
- a query parameter with a control character in its name or value: left out, as if it had
  not been sent, so a shared link with a mangled `?bron=` still works;
- a cookie with a control character: ignored;
- a form body that cannot be decoded: 400, the site's own “bad request” page.

Put it first in `MIDDLEWARE` (after `SecurityMiddleware`), before the session and CSRF
middleware that read cookies and the body.
"""

from django.core.exceptions import BadRequest
from django.http import Http404, QueryDict
from django.utils.datastructures import MultiValueDict
from django.views.defaults import bad_request

from cms_events.validation import has_control_characters


class RequestGuardMiddleware:
    """Answer requests with control characters or an undecodable body before any view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        drop_hostile_query_values(request)
        drop_hostile_cookies(request)
        error = unreadable_body(request)
        if error is not None:
            return bad_request(request, error)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Here, after the URL is resolved, the 404 page comes in the language of the URL.
        if has_control_characters(request.path_info, allow_whitespace=False):
            raise Http404


def drop_hostile_query_values(request):
    """Leave out every query parameter with a control character in its name or value."""
    query = request.GET
    if not any(
        has_control_characters(key, allow_whitespace=False)
        or any(has_control_characters(value, allow_whitespace=False) for value in values)
        for key, values in query.lists()
    ):
        return
    kept = QueryDict(mutable=True)
    for key, values in query.lists():
        if not has_control_characters(key, allow_whitespace=False):
            safe = [v for v in values if not has_control_characters(v, allow_whitespace=False)]
            if safe:
                kept.setlist(key, safe)
    request.META["QUERY_STRING"] = kept.urlencode()
    kept._mutable = False
    request.GET = kept


def drop_hostile_cookies(request):
    hostile = [
        name
        for name, value in request.COOKIES.items()
        if has_control_characters(name) or has_control_characters(value)
    ]
    for name in hostile:
        del request.COOKIES[name]


def unreadable_body(request):
    """Return the error of a form POST in a charset Django refuses to decode, or None.

    Django raises it when the body is first read (by the CSRF middleware), and again in its
    error views, which read the body too: a bare 500. Other unreadable bodies (a broken
    multipart message, too many fields) Django answers with a 400 itself.
    """
    encoding = request.encoding
    if (
        request.method != "POST"
        or request.content_type != "application/x-www-form-urlencoded"
        or encoding is None
        or encoding.lower() == "utf-8"
    ):
        return None
    request._post, request._files = QueryDict(), MultiValueDict()
    return BadRequest("A form must be sent in UTF-8.")
