"""Editor actions on events that publish a new revision, shared by the admin and the demo."""

from django.db import transaction
from django.utils import timezone

from cms_events.models import EventUpdate


@transaction.atomic
def change_event_status(
    event, *, status, headline="", body="", date=None, start=None, end=None, user=None
):
    """Publish `event` with a new status and, if a headline is given, a new dated update.

    The change is made on the live content, so unpublished draft changes are not published
    along with it. `date` dates the update (default: now). A new start or end may come with
    it, for a rescheduled event. Return the published page.
    """
    page = type(event).objects.get(pk=event.pk)
    page.status = status
    if start is not None:
        page.start = start
    if end is not None:
        page.end = end
    if headline:
        page.updates.add(EventUpdate(date=date or timezone.now(), headline=headline, body=body))
    revision = page.save_revision(user=user, log_action=True, clean=True)
    revision.publish(user=user)
    page.refresh_from_db()
    return page
