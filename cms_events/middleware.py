"""One guard in front of every view: hostile bytes in a request never reach a view or the database.

PostgreSQL refuses a NUL byte in text, so an unchecked one in a path, a query value or a cookie
turns into a 500 wherever it meets a query; a POST body Django cannot read (such as a form in
UTF-16) fails again in Django's own error views. `RequestGuardMiddleware` answers
each of them before any view runs:

- a path with a control character: 404, the site's own “page not found”;
- a query parameter with a control character in its name or value: left out, as if it had
  not been sent, so a shared link with a mangled `?bron=` still works;
- a cookie with a control character: ignored;
- a POST body that cannot be read (such as a form in UTF-16): 400, the site's own “bad
  request” page, once (Django's error views would read the body again and fail).

Put it first in `MIDDLEWARE` (after `SecurityMiddleware`), before the session and CSRF
middleware that read cookies and the body.
"""

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import Http404, QueryDict, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils.datastructures import MultiValueDict

from cms_events.validation import has_control_characters


class RequestGuardMiddleware:
    """Answer requests with control characters or an unreadable body before any view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        drop_hostile_query_values(request)
        drop_hostile_cookies(request)
        read_body(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Here, after the URL is resolved, the 404 page comes in the language of the URL.
        if has_control_characters(request.path_info):
            raise Http404


def drop_hostile_query_values(request):
    """Leave out every query parameter with a control character in its name or value."""
    query = request.GET
    if not any(
        has_control_characters(key) or any(has_control_characters(value) for value in values)
        for key, values in query.lists()
    ):
        return
    kept = QueryDict(mutable=True)
    for key, values in query.lists():
        if not has_control_characters(key):
            safe = [v for v in values if not has_control_characters(v)]
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


def read_body(request):
    """Read a POST body now, once; a body that cannot be read raises its 400 error here.

    Django parses the body when something first reads `request.POST` (normally the CSRF
    middleware) and raises when it cannot: a broken multipart message, too many fields, or a
    form in a charset other than UTF-8. Its error views (404 and 400 included) check the CSRF
    token too and read the body again, so the error came back from the error view: a bare
    500. After a failed read the body counts as empty, and the error is answered once.
    """
    if request.method != "POST":
        return
    try:
        request.POST  # noqa: B018 (parsed and kept on the request)
    except (BadRequest, MultiPartParserError, SuspiciousOperation, UnreadablePostError):
        request._post, request._files = QueryDict(), MultiValueDict()
        raise
