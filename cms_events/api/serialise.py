"""What the read API says about an event, a venue and an organiser: what their pages show,
never more. Plain dictionaries in the shapes of `api.schemas`, built for a whole page of
entries at once so that a list takes a fixed number of queries.

An event's facts follow its page (`templates/cms_events/includes/event_facts.html`): the
place is the chosen venue or the typed address, “location follows”, or none for an event that
moved online; the online link only when the editor published it; the price only when the
editor stated it; registration as the page's registration section has it. Nothing about the
people who registered, and no contact details of organisers (their pages have them).
"""

from django.db.models import Count
from django.urls import NoReverseMatch, reverse

from cms_events.models import Registration
from cms_events.models.places import ACCESSIBILITY_FACTS, Fact
from cms_events.registration.services import RegistrationState, state_and_places_left
from cms_events.status import EventStatus, present


def entry_url(request, name, slug):
    """Return the absolute URL of a venue's or organiser's page in the active language, or
    None when the site does not include `cms_events.finding.urls`."""
    try:
        return request.build_absolute_uri(reverse(f"cms_events_finding:{name}", args=[slug]))
    except NoReverseMatch:
        return None


def link(request, name, entry):
    if entry is None or not entry.slug:
        return None
    return {"slug": entry.slug, "url": entry_url(request, name, entry.slug)}


def labels(model, locale_id):
    """Return {translation key: name} of a vocabulary in `locale_id` (one query), for the
    labels of the entries events point at (those of the default language)."""
    if locale_id is None:
        return {}
    return dict(model.objects.filter(locale_id=locale_id).values_list("translation_key", "name"))


def confirmed_counts(events):
    """Return {translation key: confirmed registrations} of the events that count places,
    in one query (none when no event does)."""
    keys = {
        event.translation_key
        for event in events
        if event.registration_mode == event.Mode.FORM and event.capacity is not None
    }
    if not keys:
        return {}
    rows = (
        Registration.objects.filter(
            event__translation_key__in=keys, status=Registration.Status.CONFIRMED
        )
        .values("event__translation_key")
        .annotate(confirmed=Count("pk"))
        .values_list("event__translation_key", "confirmed")
    )
    return dict(rows)


class EventWriter:
    """Turns a page of events into the API's dictionaries; `themes` and `audiences` are the
    vocabularies' labels in the requested language ({translation key: name})."""

    def __init__(self, request, events, *, themes, audiences, now):
        self.request = request
        self.now = now
        self.themes = themes
        self.audiences = audiences
        self.confirmed = confirmed_counts(events)

    def __call__(self, event):
        presentation = present(event, self.now)
        url = event.get_full_url(self.request)
        return {
            "id": event.pk,
            "language": event.locale.language_code,
            "title": event.title,
            "url": url,
            "start": event.start,
            "end": event.end,
            "all_day": event.all_day,
            "status": status(event, presentation),
            "next_date": {
                "start": event.next_start,
                "end": event.next_end,
                "status": event.next_status,
            },
            "price": price(event),
            "place": place(self.request, event, presentation),
            "online": online(event, presentation),
            "themes": vocabulary(event.themes.all(), self.themes),
            "audiences": vocabulary(event.audiences.all(), self.audiences),
            "organiser": organiser(self.request, event),
            "registration": self.registration(event, url),
        }

    def registration(self, event, url):
        confirmed = self.confirmed.get(event.translation_key, 0)
        state, places = state_and_places_left(event, self.now, confirmed=confirmed)
        where = None
        if state in (RegistrationState.OPEN, RegistrationState.WAITING_LIST):
            where = f"{url}#aanmelden"
        elif state == RegistrationState.EXTERNAL:
            where = event.external_registration_url or None
        return {
            "state": state.value,
            "label": str(state.label),
            "places_left": places,
            "url": where,
        }


def status(event, presentation):
    return {
        "code": event.status,
        "label": str(EventStatus(event.status).label),
        "schema_org": presentation.behaviour.schema_status,
        "previous_start": presentation.previous_start,
        "new_date_to_follow": presentation.new_date_to_follow,
    }


def price(event):
    if event.is_free:
        return {"state": "free", "amount": None, "note": event.price_note or None}
    if event.has_price:
        return {"state": "price", "amount": f"{event.price:.2f}", "note": event.price_note or None}
    # “A price” without an amount: the page says nothing about costs, so neither does this.
    return {"state": "not_stated", "amount": None, "note": None}


def empty_place(kind):
    return dict.fromkeys(("name", "street", "postcode", "city", "meeting_point", "venue"), None) | {
        "kind": kind
    }


def place(request, event, presentation):
    """Return where the event takes place as the page says it, or None when it says nothing."""
    if presentation.behaviour.online_only:
        return empty_place("online_only")
    where = event.place
    if event.location_to_follow:
        return empty_place("to_follow") | {"city": where.city or None}
    if not where.has_address:
        return None
    return {
        "kind": "venue" if where.venue is not None else "address",
        "name": where.name or None,
        "street": where.street or None,
        "postcode": where.postcode or None,
        "city": where.city or None,
        "meeting_point": event.meeting_point or None,
        "venue": link(request, "venue", where.venue),
    }


def online(event, presentation):
    if not (event.is_online or presentation.behaviour.online_only):
        return None
    return {
        "url": event.online_url or None,
        "link_by_mail": bool(event.online_link_by_mail and not event.online_url),
    }


def vocabulary(entries, names):
    return [
        {"slug": entry.slug, "name": names.get(entry.translation_key, entry.name)}
        for entry in sorted(entries, key=lambda entry: entry.name.casefold())
    ]


def organiser(request, event):
    info = event.organiser_info
    if not info.name:
        return None
    return {
        "name": info.name,
        "website": info.url or None,
        "page": link(request, "organiser", info.organiser),
    }


# Venues and organisers


def venue(request, entry):
    return {
        "slug": entry.slug,
        "name": entry.name,
        "url": entry_url(request, "venue", entry.slug),
        "street": entry.street,
        "postcode": entry.postcode,
        "city": entry.city,
        "latitude": entry.latitude,
        "longitude": entry.longitude,
        "meeting_point": entry.meeting_point,
        "public_transport": entry.public_transport,
        "parking": entry.parking,
        "accessibility": [
            {
                "fact": fact.name,
                "label": str(fact.label),
                "value": getattr(entry, fact.name) == Fact.YES,
                "text": str(fact.yes if getattr(entry, fact.name) == Fact.YES else fact.no),
                "note": getattr(entry, f"{fact.name}_note"),
            }
            for fact in ACCESSIBILITY_FACTS
            if getattr(entry, fact.name) != Fact.UNKNOWN
        ],
    }


def organiser_entry(request, entry):
    return {
        "slug": entry.slug,
        "name": entry.name,
        "url": entry_url(request, "organiser", entry.slug),
        "website": entry.website or None,
        "description": entry.description,
    }
