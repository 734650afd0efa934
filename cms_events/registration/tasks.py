"""Background work through django-tasks: mail to registrants, and the retry of failed mail.

Mail is queued after the registration's transaction commits; each `MailLog` is claimed before
sending, so running the same task twice never mails anyone twice.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from cms_events.conf import get_setting
from cms_events.models import MailLog
from cms_events.registration.emails import build_message

# A claimed mail that has not finished after this long is taken to be lost with its worker.
STALE_CLAIM = timedelta(minutes=15)


def queue_mail(registration, kind):
    """Log a mail for `registration` and send it in the background once the data is committed."""
    mail = MailLog.objects.create(
        registration=registration, kind=kind, recipient=registration.email
    )
    transaction.on_commit(lambda: send_mail.enqueue(mail.pk))
    return mail


@task()
def send_mail(mail_id):
    """Send one logged mail unless it was sent already or another worker is sending it."""
    deliver(mail_id)


def claim(mail_id):
    """Mark the mail as being sent; return whether this caller got it."""
    stale = timezone.now() - STALE_CLAIM
    claimable = Q(status__in=[MailLog.Status.QUEUED, MailLog.Status.FAILED]) | Q(
        status=MailLog.Status.SENDING, created_at__lt=stale
    )
    return bool(MailLog.objects.filter(claimable, pk=mail_id).update(status=MailLog.Status.SENDING))


def deliver(mail_id):
    """Build and send the mail; record the outcome on its log."""
    if not claim(mail_id):
        return
    mail = MailLog.objects.select_related("registration").get(pk=mail_id)
    mail.attempts += 1
    try:
        build_message(mail).send()
    except Exception as error:  # any failure is logged and retried later
        mail.status, mail.error = MailLog.Status.FAILED, f"{type(error).__name__}: {error}"[:2000]
    else:
        mail.status, mail.error, mail.sent_at = MailLog.Status.SENT, "", timezone.now()
    mail.save(update_fields=["status", "error", "attempts", "sent_at"])


@task()
def send_notification(notification_id):
    """Send the notification's mails that have not gone out yet; return how many were tried."""
    pending = MailLog.objects.filter(notification_id=notification_id).exclude(
        status=MailLog.Status.SENT
    )
    mail_ids = list(pending.values_list("pk", flat=True))
    for mail_id in mail_ids:
        deliver(mail_id)
    return len(mail_ids)


@task()
def retry_failed_mail():
    """Send again every failed or stuck mail with attempts left; return how many were tried."""
    stuck = Q(status=MailLog.Status.QUEUED, created_at__lt=timezone.now() - STALE_CLAIM)
    failed = (
        MailLog.objects.filter(Q(status=MailLog.Status.FAILED) | stuck)
        .filter(attempts__lt=get_setting("MAIL_MAX_ATTEMPTS"))
        .exclude(registration__anonymised_at__isnull=False)
    )
    mail_ids = list(failed.values_list("pk", flat=True))
    for mail_id in mail_ids:
        deliver(mail_id)
    return len(mail_ids)


@task()
def purge_registrations():
    """Anonymise registrations past their retention period (schedule this daily)."""
    from cms_events.registration.privacy import purge_expired_registrations

    return purge_expired_registrations()
