"""The read API (django-ninja): events, their dates, venues, organisers, themes and audiences,
published data only, one page at a time. Thin views; the queries are in `finding.queries`
and what an entry says is in `api.serialise`.

Every list shows what a visitor of the site may see (`visibility.visible()`: live, in no
private section, on the requested site), in the language of `taal`, each event once (the
same rule as the index). The event filters are the index's own (`finding.filters.EventFilter`),
with the same parameter names and meaning. A parameter the API cannot use is answered with a
400 naming it, never a 500.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import F, OuterRef, Subquery
from django.http import HttpResponse, QueryDict
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query
from ninja.errors import ValidationError
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

from cms_events.api import schemas, serialise
from cms_events.conf import get_setting
from cms_events.finding import queries
from cms_events.finding.filters import EventFilter, cities_of, vocabulary_choices
from cms_events.models import Audience, Organiser, Theme, Venue, not_ended_filter

api = NinjaAPI(
    title="cms_events",
    version="1",
    description=(
        "Read-only: the published events of this site, their dates, venues, organisers, "
        "themes and audiences. Lists are paginated (`pagina`, `per_pagina`); `taal` chooses "
        "the language (such as `nl` or `en`). The event filters are those of the agenda page."
    ),
    urls_namespace="cms_events_api",
    openapi_url="/openapi.json",
    docs_url=None,
)

ERRORS = {400: schemas.Errors}


class BadParameter(Exception):
    def __init__(self, errors):
        self.errors = errors


def error_response(request, errors):
    body = {"errors": [{"parameter": name, "message": str(text)} for name, text in errors]}
    return api.create_response(request, body, status=400)


@api.exception_handler(ValidationError)
def invalid_parameters(request, exc):
    """A query parameter of the wrong type or out of range: 400, naming the parameter."""
    errors = []
    for error in exc.errors:
        place = [part for part in error.get("loc", ()) if isinstance(part, str)]
        errors.append((place[-1] if place else "query", error.get("msg", "invalid")))
    return error_response(request, errors)


@api.exception_handler(BadParameter)
def bad_parameter(request, exc):
    return error_response(request, exc.errors)


def language_of(params):
    """Return (language code, its Locale or None) for `taal` (by default the site's default
    language), or raise BadParameter."""
    codes = dict(settings.WAGTAIL_CONTENT_LANGUAGES)
    code = params.taal or get_supported_content_language_variant(settings.LANGUAGE_CODE)
    if code not in codes:
        message = _("Unknown language; choose one of: %(languages)s.")
        raise BadParameter([("taal", message % {"languages": ", ".join(codes)})])
    return code, Locale.objects.filter(language_code=code).first()


def page(request, params, rows, write):
    """Return one page of `rows` (a queryset or a list) as {count, next, previous, results},
    the rows of the page turned into entries by `write(rows)`."""
    count = len(rows) if isinstance(rows, list) else rows.count()
    first = (params.pagina - 1) * params.per_pagina
    found = list(rows[first : first + params.per_pagina]) if first < count else []
    return {
        "count": count,
        "next": page_url(request, params.pagina + 1) if first + len(found) < count else None,
        "previous": page_url(request, params.pagina - 1) if params.pagina > 1 else None,
        "results": write(found),
    }


def page_url(request, number):
    query = request.GET.copy()
    query["pagina"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def cacheable(response):
    """Let browsers and shared caches keep an answer for API_CACHE_SECONDS."""
    seconds = get_setting("API_CACHE_SECONDS")
    patch_cache_control(response, public=True, max_age=seconds, s_maxage=seconds)


def filter_data(params):
    """Return the filters of `params` as the index's query string would give them."""
    data = QueryDict(mutable=True)
    for name in ("wanneer", "vorm", "thema", "doelgroep", "plaats"):
        if getattr(params, name):
            data[name] = getattr(params, name)
    for name in ("van", "tot"):
        if getattr(params, name):
            data[name] = getattr(params, name).isoformat()
    if params.gratis:
        data["gratis"] = "on"
    data.setlist("toegankelijk", params.toegankelijk)
    return data


def filtered_dates(request, params, locale, now):
    """Return the dates to come of the listed events, narrowed by the index's filters (which
    filter dates, as the index does), or raise BadParameter."""
    events = queries.listed_events(request, locale)

    def cities():
        since = now - timedelta(days=queries.FEED_DAYS_BACK)
        return cities_of(queries.site_events(request).filter(not_ended_filter(since)))

    selection = EventFilter(
        filter_data(params),
        queryset=queries.upcoming_dates(events, now),
        now=now,
        cities=cities,
        shown=False,
        locale_id=locale.pk if locale else None,
    )
    if not selection.is_valid():
        raise BadParameter(
            [(name, error) for name, errors in selection.errors.items() for error in errors]
        )
    return selection.qs


def filtered_events(request, params, locale, now):
    """Return the listed events with a date to come that the filters select, by that date
    (a series comes once, at its next selected date)."""
    dates = filtered_dates(request, params, locale, now)
    first = dates.filter(page_id=OuterRef("pk")).order_by("start", "pk")
    events = queries.listed_events(request, locale).filter(pk__in=dates.values("page_id"))
    return events.annotate(
        next_start=Subquery(first.values("start")[:1]),
        next_end=Subquery(first.values("end")[:1]),
        next_status=Subquery(first.values("status")[:1]),
    ).order_by("next_start", "pk")


@api.get("/events/", response={200: schemas.EventPage, **ERRORS}, url_name="events")
def events(request, response: HttpResponse, params: Query[schemas.EventParams]):
    """The events with a date to come, by their next date, with the agenda's filters (a series
    comes once)."""
    language, locale = language_of(params)
    now = timezone.now()
    with translation.override(language):
        rows = filtered_events(request, params, locale, now)
        locale_id = locale.pk if locale else None

        def write(found):
            if not found:
                return []
            writer = serialise.EventWriter(
                request,
                found,
                themes=serialise.labels(Theme, locale_id),
                audiences=serialise.labels(Audience, locale_id),
                now=now,
            )
            return [writer(event) for event in found]

        rows = rows.select_related("locale", "venue", "organised_by").prefetch_related(
            "themes", "audiences"
        )
        body = page(request, params, rows.defer_streamfields(), write)
    cacheable(response)
    return body


@api.get("/occurrences/", response={200: schemas.OccurrencePage, **ERRORS}, url_name="occurrences")
def occurrences(request, response: HttpResponse, params: Query[schemas.EventParams]):
    """The dates to come, soonest first (one per single event, one per date of a series), with
    the agenda's filters; `event` is the id of the event in /events/."""
    language, locale = language_of(params)
    with translation.override(language):
        dates = filtered_dates(request, params, locale, timezone.now())
        rows = dates.values("start", "end", "status", event=F("page_id"))
        body = page(request, params, rows, list)
    cacheable(response)
    return body


def entry_list(request, response, params, model, field, write):
    language, locale = language_of(params)
    with translation.override(language):
        rows = queries.used_entries(model, field, queries.site_events(request), locale)
        body = page(request, params, rows, lambda found: [write(request, e) for e in found])
    cacheable(response)
    return body


@api.get("/venues/", response={200: schemas.VenuePage, **ERRORS}, url_name="venues")
def venues(request, response: HttpResponse, params: Query[schemas.PageParams]):
    """The venues of the site's published events, by name."""
    return entry_list(request, response, params, Venue, "venue", serialise.venue)


@api.get("/organisers/", response={200: schemas.OrganiserPage, **ERRORS}, url_name="organisers")
def organisers(request, response: HttpResponse, params: Query[schemas.PageParams]):
    """The organisers of the site's published events, by name (no contact details)."""
    return entry_list(
        request, response, params, Organiser, "organised_by", serialise.organiser_entry
    )


def vocabulary_list(request, response, params, model):
    language, locale = language_of(params)
    with translation.override(language):
        choices = vocabulary_choices(model, locale.pk if locale else None)
    body = page(
        request,
        params,
        choices,
        lambda found: [{"slug": slug, "name": str(name)} for slug, name in found],
    )
    cacheable(response)
    return body


@api.get("/themes/", response={200: schemas.LabelPage, **ERRORS}, url_name="themes")
def themes(request, response: HttpResponse, params: Query[schemas.PageParams]):
    """The themes (the values of the `thema` filter), by name in the language asked for."""
    return vocabulary_list(request, response, params, Theme)


@api.get("/audiences/", response={200: schemas.LabelPage, **ERRORS}, url_name="audiences")
def audiences(request, response: HttpResponse, params: Query[schemas.PageParams]):
    """The audiences (the values of the `doelgroep` filter), by name in the language asked
    for."""
    return vocabulary_list(request, response, params, Audience)
