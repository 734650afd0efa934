"""Build the demo site: a home page, an events index and the demo events (idempotent)."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from cms_events.models import EventIndexPage, EventPage
from cms_events.publishing.status_change import change_event_status
from cms_events.validation import ascii_slug
from home import demo_events, demo_places
from home.demo_translation import translate_demo
from home.models import ContentPage, HomePage

PRIVACY_TEXT = (
    "<p>Als u zich aanmeldt voor een bijeenkomst, bewaren we uw naam, e-mailadres en de "
    "antwoorden die u in het formulier geeft. We gebruiken die alleen om de bijeenkomst te "
    "organiseren en u erover te mailen.</p>"
    "<p>Na afloop bewaren we uw gegevens nog een beperkte tijd (standaard 90 dagen). Daarna "
    "worden ze automatisch geanonimiseerd: alleen de aantallen blijven over.</p>"
    "<p>Via de link in de bevestigingsmail kunt u uw aanmelding altijd zelf intrekken.</p>"
)

HOME_SLUG = "home"
INDEX_SLUG = "agenda"


class Command(BaseCommand):
    help = "Create the demo home page, events index and events. Existing pages are kept."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Delete the demo events and build them again.",
        )
        parser.add_argument(
            "--port",
            type=int,
            default=8000,
            help="Port of the local server, used in the site's full URLs (default 8000).",
        )

    @transaction.atomic
    def handle(self, *args, force=False, port=8000, **options):
        home = self.get_home_page()
        self.point_site_at(home, port)
        index = self.get_index_page(home)
        self.get_privacy_page(home)
        if force:
            removed = EventPage.objects.child_of(index).count()
            for event in EventPage.objects.child_of(index):
                for version in event.get_translations(inclusive=True):
                    version.delete()
            self.stdout.write(f"{removed} demo events removed.")
        self.make_slugs_ascii(index)
        today = timezone.localdate()
        specs = [
            demo_events.politiek_cafe(),
            demo_events.utrecht_invitation(),
            demo_events.utrecht_sample(today),
            *demo_events.upcoming_samples(today),
            demo_events.weekly_drop_in(today),
            *demo_events.rolling_samples(today),
        ]
        created = sum(self.create_event(index, spec) for spec in specs)
        self.stdout.write(
            self.style.SUCCESS(f"Demo events: {created} created, {len(specs) - created} existed.")
        )
        self.redate_rolling_events(index, today)
        self.attach_places(index)
        sample = EventPage.objects.child_of(index).get(slug=specs[2]["slug"])
        english = translate_demo(sample)
        if english is not None:
            self.stdout.write(f"English version published: {english.url}")

    def get_home_page(self):
        root = demo_events.ensure_root_page()
        home = HomePage.objects.filter(depth=2, locale=Locale.get_default()).first()
        if home:
            return home
        self.remove_welcome_page(root)
        home = HomePage(
            title="Evenementen",
            slug=HOME_SLUG,
            intro="<p>Bijeenkomsten, werksessies en cafés: meld je aan of zet ze in je agenda.</p>",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        self.stdout.write("Home page created.")
        return home

    def point_site_at(self, home, port):
        """Make the default site serve the home page at 127.0.0.1:`port`."""
        site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
        site.hostname, site.port = "127.0.0.1", port
        site.root_page = home
        site.site_name = site.site_name or "Evenementen"
        site.save()

    def remove_welcome_page(self, root):
        """Delete Wagtail's initial “Welcome” page, which a fresh install puts at the root."""
        for page in root.get_children().filter(slug=HOME_SLUG).specific():
            if type(page) is Page:
                page.delete()

    def get_index_page(self, home):
        index = EventIndexPage.objects.child_of(home).filter(slug=INDEX_SLUG).first()
        if index:
            return index
        index = EventIndexPage(
            title="Agenda",
            slug=INDEX_SLUG,
            intro=(
                "<p>Alle bijeenkomsten op een rij. "
                "Afgelopen bijeenkomsten staan in het archief.</p>"
            ),
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        self.stdout.write("Events index created.")
        return index

    def get_privacy_page(self, home):
        """Create the privacy statement that the registration forms link to."""
        if ContentPage.objects.child_of(home).filter(slug="privacy").exists():
            return
        page = ContentPage(title="Privacyverklaring", slug="privacy", body=PRIVACY_TEXT)
        home.add_child(instance=page)
        page.save_revision().publish()
        self.stdout.write("Privacy statement created.")

    def make_slugs_ascii(self, index):
        """Give demo events entered with accents in their URL a plain ASCII one (the old URL
        redirects to it)."""
        for event in EventPage.objects.descendant_of(index):
            for version in event.get_translations(inclusive=True).specific():
                slug = ascii_slug(version.slug)
                if slug == version.slug:
                    continue
                old_slug, version.slug = version.slug, slug
                if version.live:
                    version.save_revision().publish()
                else:
                    version.save()
                self.stdout.write(f"Plain ASCII in the URL: {old_slug} → {slug}")

    def attach_places(self, index):
        """Make the demo venues, organisers, themes and audiences, and give the sample events
        theirs."""
        entries, made = demo_places.ensure_entries()
        attached = sum(
            demo_places.attach(event, entries)
            for event in EventPage.objects.child_of(index).filter(slug__in=demo_places.ATTACHED)
        )
        self.stdout.write(
            f"Venues, organisers, themes and audiences: {made} created; "
            f"{attached} events linked to them."
        )

    def redate_rolling_events(self, index, today):
        """Give the events dated from the day of loading the dates of `today`, publishing a
        new revision (as an editor would) only where a date changed."""
        dates = demo_events.rolling_dates(today)
        events = EventPage.objects.child_of(index).filter(slug__in=dates)
        for event in events:
            start, end = dates[event.slug]
            draft = event.get_latest_revision_as_object()
            if (draft.start, draft.end) == (start, end):
                continue
            draft.start, draft.end = start, end
            draft.save_revision().publish()
            self.stdout.write(f"Dated again: {event.title}")

    def create_event(self, index, spec):
        """Create and publish one event unless a page with its slug exists; return 1 if made."""
        if EventPage.objects.child_of(index).filter(slug=spec["slug"]).exists():
            return 0
        status_change = spec.pop("status_change", None)
        event = EventPage(**spec)
        event.full_clean(exclude=["path", "depth", "url_path", "translation_key", "locale"])
        index.add_child(instance=event)
        event.save_revision().publish()
        if status_change:
            # The way an editor does it: a published event gets a new status and an update.
            change_event_status(event, **status_change)
        self.stdout.write(f"Created: {event.title}")
        return 1
