"""Property-based fuzzing of every public URL: no 5xx, no reflected markup, no lost registration.

The URL patterns come from the resolver, so a new public endpoint fails
`test_every_public_url_pattern_is_fuzzed` until it has a target here. Path segments, query
strings, form values and content types are built from NUL bytes, percent-encoded invalid
UTF-8, control characters, right-to-left and zero-width characters, markup and very long
values. Examples are derandomised and few, so a run takes seconds and CI is stable.
"""

import itertools
import re
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from wagtail.documents.models import Document
from wagtail.models import Locale, PageViewRestriction

from cms_events.models import Organiser, Registration, RegistrationFormField, Venue
from cms_events.registration.services import register
from cms_events.sharing.shortlinks import short_link_for

from .registration_helpers import errors, form_data

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Markup that must never come back unescaped.
MARKERS = ["<script>fz", "<fz-x", '"><fz']
MARKUP = ["<script>fz()</script>", '"><fz-x onload=1>', "'><fz-x>", '"><fz']

# Pieces of hostile text, as text (encoded for URLs and bodies below).
HOSTILE_TEXT = [
    "\x00",
    "\x1b[31m",
    "\x07\x08\x0b\x0c\x7f",
    "\r\n",
    "\t",
    "\u202e",  # right-to-left override
    "\u200f\u200b\u2060\ufeff",  # right-to-left mark, zero-width space, word joiner, BOM
    "\u0000\u0085\u2028",
    "é😀",
    "../..",
    "%",
    "x" * 3000,
    *MARKUP,
]
# Percent-escapes that no UTF-8 decoder accepts: a lone byte, an overlong form, a surrogate.
INVALID_UTF8 = ["%ff", "%c3%28", "%c0%af", "%ed%a0%80", "%f8%88%80%80%80", "%e2%82"]

hostile_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=12)), min_size=1, max_size=4
).map("".join)
url_piece = st.one_of(
    hostile_text.map(lambda text: quote(text, safe="")), st.sampled_from(INVALID_UTF8)
)
url_value = st.lists(url_piece, min_size=1, max_size=3).map("".join)


# The public URL patterns and how to fill them in


def url_patterns(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def public_url_names():
    admin = reverse("wagtailadmin_home").lstrip("/")
    return {
        pattern.name
        for route, pattern in url_patterns()
        if not route.startswith(admin) and pattern.name
    }


class Site:
    """The pages and objects whose URLs are fuzzed."""

    def __init__(self, make_event, event_index):
        self.index = event_index
        self.event = make_event(
            title="Werkconferentie",
            registration_mode="form",
            form_fields=[
                RegistrationFormField(label="Organisatie", field_type="singleline"),
                RegistrationFormField(label="Toelichting", field_type="multiline", required=False),
            ],
        )
        self.code = short_link_for(self.event).code
        self.token = register(self.event, name="Jan", email="jan@example.org").token
        private = make_event(title="Besloten", slug="besloten")
        self.restriction = PageViewRestriction.objects.create(
            page=private, restriction_type="password", password="geheim"
        )
        self.private = private
        self.document = Document.objects.create(
            title="Programma", file=ContentFile(b"programma", name="programma.txt")
        )
        english = Locale.objects.get_or_create(language_code="en")[0]
        translation = self.event.copy_for_translation(english, copy_parents=True)
        translation.save_revision().publish()
        translation.refresh_from_db()
        self.english = translation
        self.venue = Venue.objects.create(
            name="Stadskantoor",
            city="Utrecht",
            step_free_entrance="yes",
            latitude="52.089416",
            longitude="5.107203",
            locale=self.event.locale,
        )
        self.organiser = Organiser.objects.create(name="Gemeente", locale=self.event.locale)
        series = make_event(title="Inloop", slug="inloop", repeat="weekly", repeat_count=3)
        self.series_code = short_link_for(series).code
        self.series_date = series.occurrences.order_by("date").first().date.isoformat()
        self.event.venue, self.event.organised_by = self.venue, self.organiser
        self.event.save_revision().publish()

    def form(self, visitor):
        """Return the event's form data as loaded once (its time stamp stays valid)."""
        if not hasattr(self, "_form"):
            self._form = form_data(visitor, self.event)
        return self._form

    def urls(self, name, value):
        """Return URLs of the pattern `name`, with `value` (percent-encoded) in each place."""
        event_paths = [self.event.url, self.english.url, "/", "/agenda/", "/agenda/archief/"]
        builders = {
            "registration": [f"/aanmelding/{value}/", f"/aanmelding/{self.token}{value}/"],
            "event_ics": [f"/evenement/{self.event.pk}/agenda.ics?{value}"],
            "feed": [f"/agenda-feed/{self.index.pk}.ics?x={value}"],
            "short_link": [f"/e/{value}/", f"/e/{self.code}/?bron={value}"],
            "short_link_qr": [f"/e/{self.code}{value}/qr.svg", f"/e/{self.code}/qr.png?{value}"],
            "invitation": [f"/e/{value}/uitnodiging/", f"/e/{self.code}/uitnodiging/?q={value}"],
            "date_short_link": [
                f"/e/{self.series_code}/{value}/",
                f"/e/{self.series_code}/{self.series_date}{value}/",
                f"/e/{self.series_code}/{self.series_date}/?bron={value}",
            ],
            "date_short_link_qr": [
                f"/e/{self.series_code}/{value}/qr.svg",
                f"/e/{self.series_code}/{self.series_date}/qr.png?{value}",
            ],
            "date_invitation": [
                f"/e/{self.series_code}/{value}/uitnodiging/",
                f"/e/{self.series_code}/{self.series_date}/uitnodiging/?q={value}",
            ],
            "search": [
                f"/zoeken/?q={value}",
                f"/en/zoeken/?q=werk{value}&pagina={value}",
                f"/zoeken/?q=werk&pagina={value}",
            ],
            "wagtail_serve": [
                *[f"{path}?bron={value}&pagina={value}" for path in event_paths],
                f"/agenda/{value}/",
                f"/en/{value}/",
            ],
            "wagtailcore_authenticate_with_password": [
                f"/_util/authenticate_with_password/{self.restriction.pk}/{self.private.pk}/"
                f"?return_url={value}"
            ],
            "wagtailcore_login": [f"/_util/login/?next={value}"],
            "wagtaildocs_serve": [
                f"/documents/{self.document.pk}/{value}",
                f"/documents/{self.document.pk}/programma.txt?{value}",
            ],
            "wagtaildocs_authenticate_with_password": [
                f"/documents/authenticate_with_password/{self.restriction.pk}/?return_url={value}"
            ],
            "health": [f"/health/?{value}"],
            "venue": [
                f"/locaties/{value}/",
                f"/locaties/{self.venue.slug}/?pagina={value}",
                f"/en/locaties/{self.venue.slug}{value}/",
            ],
            "venue_feed": [
                f"/locaties/{value}/agenda.ics",
                f"/en/locaties/{self.venue.slug}/agenda.ics?{value}",
            ],
            "venue_map": [
                f"/locaties/{value}/kaart/",
                f"/locaties/{self.venue.slug}/kaart/?{value}",
                f"/en/locaties/{self.venue.slug}/kaart{value}/",
            ],
            "venue_map_embed": [
                f"/locaties/{value}/kaart/ingebed/",
                f"/en/locaties/{self.venue.slug}/kaart/ingebed/?x={value}",
            ],
            "organiser": [
                f"/organisatoren/{value}/",
                f"/en/organisatoren/{self.organiser.slug}/?pagina={value}",
            ],
            "organiser_feed": [
                f"/organisatoren/{value}/agenda.ics",
                f"/organisatoren/{self.organiser.slug}/agenda.ics?{value}",
            ],
            "api-root": [f"/api/v1/?{value}", f"/api/v1/{value}"],
            "openapi-json": [f"/api/v1/openapi.json?{value}"],
            **{name: api_urls(name, value) for name in API_LISTS},
        }
        return builders[name]


# The read API's lists (cms_events/api/) and the filters they share with the index.
API_LISTS = ["events", "occurrences", "venues", "organisers", "themes", "audiences"]
API_PARAMETERS = [
    "wanneer",
    "van",
    "tot",
    "vorm",
    "gratis",
    "thema",
    "doelgroep",
    "plaats",
    "toegankelijk",
    "taal",
    "pagina",
    "per_pagina",
]


def api_urls(name, value):
    """Return URLs of an API list with `value` in every parameter, and in one at a time."""
    every = "&".join(f"{parameter}={value}" for parameter in API_PARAMETERS)
    return [
        f"/api/v1/{name}/?{every}",
        f"/api/v1/{name}/?taal=en&pagina={value}",
        f"/api/v1/{name}/?van=2026-01-01&thema={value}&toegankelijk={value}",
        f"/api/v1/{name}{value}/",
    ]


PUBLIC_NAMES = [
    "registration",
    "event_ics",
    "feed",
    "short_link",
    "short_link_qr",
    "invitation",
    "date_short_link",
    "date_short_link_qr",
    "date_invitation",
    "search",
    "wagtail_serve",
    "wagtailcore_authenticate_with_password",
    "wagtailcore_login",
    "wagtaildocs_serve",
    "wagtaildocs_authenticate_with_password",
    "health",
    "venue",
    "venue_feed",
    "venue_map",
    "venue_map_embed",
    "organiser",
    "organiser_feed",
    "api-root",
    "openapi-json",
    *API_LISTS,
]


@pytest.fixture
def site(make_event, event_index, settings):
    settings.CMS_EVENTS_RATE_LIMIT_PER_IP = (10**6, 60)
    settings.CMS_EVENTS_RATE_LIMIT_PER_EMAIL = (10**6, 60)
    settings.CMS_EVENTS_RATE_LIMIT_PER_EVENT = (10**6, 60)
    return Site(make_event, event_index)


def client():
    return Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="nl")


def assert_answered_well(response, url):
    assert response.status_code < 500, (url, response.status_code)
    if "html" in response.get("Content-Type", ""):
        text = response.content.decode("utf-8", "replace")
        for marker in MARKERS:
            assert marker not in text, (url, marker)


def test_every_public_url_pattern_is_fuzzed():
    assert public_url_names() == set(PUBLIC_NAMES)


@FUZZ
@given(name=st.sampled_from(PUBLIC_NAMES), value=url_value)
def test_hostile_urls_get_an_answer_without_5xx_or_reflected_markup(site, name, value):
    visitor = client()
    for url in site.urls(name, value):
        response = visitor.get(url)
        event(f"answered {response.status_code}")
        assert_answered_well(response, url)


# Besides the generated values, every pattern always gets a NUL byte, and markup with invalid
# UTF-8 (a NUL makes the guard drop the whole parameter, so markup needs its own example).
ALWAYS = ["%00", "%22%3e%3cfz-x%3e%ff%3cscript%3efz()%3c/script%3e"]
for _name in PUBLIC_NAMES:
    for _value in ALWAYS:
        test_hostile_urls_get_an_answer_without_5xx_or_reflected_markup = example(
            name=_name, value=_value
        )(test_hostile_urls_get_an_answer_without_5xx_or_reflected_markup)


CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=utf-16",
    "application/x-www-form-urlencoded; charset=latin-1",
    "application/x-www-form-urlencoded; charset=nonsense",
    "multipart/form-data; boundary=fz",
    "multipart/form-data; boundary=fz; charset=utf-16",
    "multipart/form-data",
    "text/plain; charset=utf-32",
    "application/json",
    "text/html; charset=utf-16le",
]
ENCODINGS = ["utf-8", "utf-16", "utf-32", "latin-1"]


@FUZZ
@example(
    name="registration",
    value="%00",
    content_type="multipart/form-data",
    body="x",
    encoding="utf-8",
    csrf=True,
)
@example(
    name="wagtail_serve",
    value="x",
    content_type="application/x-www-form-urlencoded; charset=utf-16",
    body="\x00",
    encoding="utf-16",
    csrf=True,
)
@given(
    name=st.sampled_from(PUBLIC_NAMES),
    value=url_value,
    content_type=st.sampled_from(CONTENT_TYPES),
    body=hostile_text,
    encoding=st.sampled_from(ENCODINGS),
    csrf=st.booleans(),
)
def test_hostile_posts_get_an_answer_without_5xx(
    site, name, value, content_type, body, encoding, csrf
):
    visitor = Client(enforce_csrf_checks=csrf, raise_request_exception=False)
    visitor.cookies["csrftoken"] = "fz" * 16
    data = f"csrfmiddlewaretoken={'fz' * 16}&registrant_name={body}&q={body}".encode(
        encoding, "replace"
    )
    if content_type.startswith("multipart/form-data; boundary=fz"):
        data = (
            f'--fz\r\nContent-Disposition: form-data; name="registrant_name"\r\n\r\n{body}\r\n'
            "--fz--\r\n"
        ).encode(encoding, "replace")
    for url in site.urls(name, value)[:1]:
        response = visitor.generic("POST", url, data, content_type=content_type)
        event(f"answered {response.status_code}")
        assert_answered_well(response, url)


# The registration POST loses nobody

acceptable_text = st.lists(
    st.one_of(
        st.sampled_from(
            ["\u202e", "\u200b", "\u200f", "\ufeff", "é😀", "Ω", "'", "&amp;", *MARKUP]
        ),
        st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=10),
    ),
    min_size=1,
    max_size=5,
).map("".join)
emails = st.sampled_from(
    [
        "{n}@example.org",
        "Fuzz.{n}@EXAMPLE.org",
        '"fuzz {n}"@example.org',
        '"fuzz{n}"@example.org',
        "fuzz+{n}@bücher.nl",
        "fuzz{n}@xn--bcher-kva.nl",
    ]
)
counter = itertools.count()


@settings(FUZZ, max_examples=25)
@example(
    values={"registrant_name": "Jan", "organisatie": "X", "toelichting": ""},
    hostile=None,
    email="{n}@example.org",
    source="qr%00",
)
@example(
    values={"registrant_name": "Jan", "organisatie": "X", "toelichting": "x"},
    hostile=("organisatie", "\x1b" * 3),
    email="fuzz{n}@xn--bcher-kva.nl",
    source="%ff",
)
@given(
    values=st.fixed_dictionaries(
        {
            "registrant_name": acceptable_text,
            "organisatie": acceptable_text,
            "toelichting": st.one_of(acceptable_text, st.just("regel 1\r\nregel\t2")),
        }
    ),
    # Now and then one field gets hostile text: refused with a message, or stored.
    hostile=st.one_of(
        st.none(),
        st.none(),
        st.tuples(st.sampled_from(["registrant_name", "organisatie"]), hostile_text),
    ),
    email=emails,
    source=url_value,
)
def test_a_registration_is_stored_or_refused_visibly_never_lost(
    site, values, hostile, email, source
):
    visitor = client()
    data = {
        **site.form(visitor),
        **values,
        **dict([hostile] if hostile else []),
        "registrant_email": email.format(n=next(counter)),
    }
    before = Registration.objects.count()
    url = f"{site.event.url}?bron={source}"
    response = visitor.post(url, data)
    assert_answered_well(response, url)
    event(f"answered {response.status_code}")
    if response.status_code == 302:
        assert Registration.objects.count() == before + 1
        stored = Registration.objects.latest("pk")
        assert stored.name == data["registrant_name"].strip()
        assert stored.answers["toelichting"] == data["toelichting"].strip()
        assert re.fullmatch(r"[A-Za-z0-9._-]{0,32}", stored.source)
    else:
        assert response.status_code == 200
        assert errors(response), "refused without a visible error"
        assert Registration.objects.count() == before
        form = BeautifulSoup(response.content, "html.parser").select_one("form.registration-form")
        assert form.select_one("[name=registrant_email]")["value"]
