"""Editor actions on events that publish a new revision, shared by the admin and the demo."""

from django.db import transaction

from cms_events.models import EventUpdate
from cms_events.models.pages import now_to_the_second
from cms_events.status import EventStatus


def apply_status_change(
    page,
    *,
    status,
    start=None,
    end=None,
    online_url="",
    online_link_by_mail=False,
    new_date_to_follow=False,
):
    """Set a status and the facts that come with it on `page`, without saving.

    A new start without a new end keeps the event's length, or its open end. Moving online
    sets the public link, or says the link follows by email (and no longer shows a public
    one). “New date follows” belongs to a postponed event only.
    """
    page.status = status
    if start is not None:
        length = page.end - page.start if page.end else None
        page.end = end if end is not None else (start + length if length else None)
        page.start = start
    elif end is not None:
        page.end = end
    if status == EventStatus.MOVED_ONLINE and online_url:
        page.online_url, page.online_link_by_mail = online_url, False
    elif status == EventStatus.MOVED_ONLINE and online_link_by_mail:
        page.online_url, page.online_link_by_mail = "", True
    page.new_date_to_follow = status == EventStatus.POSTPONED and bool(new_date_to_follow)
    return page


@transaction.atomic
def change_event_status(event, *, headline="", body="", date=None, user=None, **changes):
    """Publish `event` with a new status and, if a headline is given, a new dated update.

    `changes` are those of `apply_status_change()`: the status, and a new start and end, an
    online link or “link follows by email”, or “new date follows”, all in one publication.
    The change is made on the live content, so unpublished draft changes are not published
    along with it. `date` dates the update (default: now), to the second. Return the
    published page.
    """
    page = type(event).objects.get(pk=event.pk)
    apply_status_change(page, **changes)
    if headline:
        date = (date or now_to_the_second()).replace(microsecond=0)
        page.updates.add(EventUpdate(date=date, headline=headline, body=body))
    revision = page.save_revision(user=user, log_action=True, clean=True)
    revision.publish(user=user)
    page.refresh_from_db()
    return page
