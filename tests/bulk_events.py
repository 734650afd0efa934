"""A thousand live events in a few seconds: the page rows and their dates in one bulk insert
each, the event rows one plain insert each (no revisions, no signals, no tree look-ups).

For query counts and listings only: the events have no revision and no search index entry.
"""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

from cms_events.models import EventPage
from cms_events.models.series import Occurrence
from home.demo_events import local


def bulk_events(index, count, *, days_from_now=1, prefix="bulk", **fields):
    """Add `count` live events below `index`, one a day over 60 days from `days_from_now`."""
    index.refresh_from_db()
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(EventPage)
    pages, events = [], []
    for n in range(count):
        slug = f"{prefix}-{n}"
        start = local(timezone.localdate() + timedelta(days=days_from_now + n % 60), 10)
        page = Page(
            title=f"Evenement {prefix} {n}",
            draft_title=f"Evenement {prefix} {n}",
            slug=slug,
            content_type=content_type,
            locale_id=index.locale_id,
            path=Page._get_path(index.path, index.depth + 1, index.numchild + n + 1),
            depth=index.depth + 1,
            numchild=0,
            url_path=f"{index.url_path}{slug}/",
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
        )
        pages.append(page)
        events.append(
            {
                "start": start,
                "end": start + timedelta(hours=2),
                "venue_name": "Zaal",
                "city": "Utrecht",
                "organiser": "Organisator",
                "intro": "Een evenement om te tellen.",
                **fields,
            }
        )
    with transaction.atomic():
        Page.objects.bulk_create(pages)
        made = Page.objects.filter(path__in=[page.path for page in pages]).order_by("path")
        dates = []
        for page, values in zip(made, events, strict=True):
            event = EventPage(page_ptr_id=page.pk, **values)
            event.save_base(raw=True)
            # The stored date every list reads (`sync_occurrences` makes it on publish).
            dates.append(
                Occurrence(
                    page_id=page.pk,
                    date=timezone.localtime(event.start).date(),
                    start=event.start,
                    end=event.end,
                    status=event.status,
                )
            )
        Occurrence.objects.bulk_create(dates)
        Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + count)
    index.refresh_from_db()
