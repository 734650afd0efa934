"""Background work through django-tasks: mail to registrants, and the retry of failed mail.

Delivery is at least once, and nobody gets the same mail twice where the log can tell. Mail is
queued after the registration's transaction commits. Before sending, a worker claims the mail's
`MailLog` for `CMS_EVENTS_MAIL_CLAIM_SECONDS`, counting the attempt; nobody else sends it while
the claim holds, so running the same task twice mails nobody twice. A worker that dies while
sending (SIGKILL, out of memory) leaves its claim to run out; `retry_failed_mail` then records
the interruption and sends the mail again, with the Message-ID of the first attempt, so that a
mail the server had accepted just before the crash can be recognised as the same one.
`manage.py run_worker` runs the retries on a schedule (`cms_events/registration/schedule.py`).
A reminder or thank-you mail is checked once more after its claim: one that no longer applies
is dropped (`cms_events/registration/reminders.py`, `thank_you_mail.py`).
"""

from datetime import timedelta
from email.utils import make_msgid, parseaddr

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from cms_events.conf import get_setting
from cms_events.models import MailLog, Registration
from cms_events.registration.emails import build_message

# Mails sent on a schedule, checked once more after their claim: what drops one that no longer
# applies (dotted paths: those modules import this one).
SCHEDULED_KINDS = {
    MailLog.Kind.REMINDER: "cms_events.registration.reminders.drop_if_obsolete",
    MailLog.Kind.THANK_YOU: "cms_events.registration.thank_you_mail.drop_if_obsolete",
}

# Recorded like the exceptions of failed attempts: class name, then the message.
INTERRUPTED = "WorkerLost: the worker stopped while sending this mail (its claim ran out)."


def queue_mail(registration, kind):
    """Log a mail for `registration` and send it in the background once the data is committed."""
    mail = MailLog.objects.create(
        registration=registration, kind=kind, recipient=registration.email
    )
    transaction.on_commit(lambda: send_mail.enqueue(mail.pk))
    return mail


def log_scheduled_mails(kind, event, day, registrations):
    """Log a mail of `kind` (a reminder, a thank-you) for each of `registrations` of `event`
    on `day`; return the ids of the mails of that kind, event (every language) and day that
    have not been sent yet. A mail another worker logged meanwhile is kept once, by the mail
    log's unique constraint."""
    with transaction.atomic():
        MailLog.objects.bulk_create(
            [
                MailLog(registration_id=pk, kind=kind, event_date=day, recipient=email)
                for pk, email in registrations.values_list("pk", "email")
            ],
            ignore_conflicts=True,
        )
    unsent = MailLog.objects.filter(
        kind=kind,
        event_date=day,
        status=MailLog.Status.QUEUED,
        registration__event__translation_key=event.translation_key,
    )
    return list(unsent.values_list("pk", flat=True))


@task()
def send_mail(mail_id):
    """Send one logged mail unless it was sent already or another worker is sending it."""
    deliver(mail_id)


def claim_period():
    return timedelta(seconds=get_setting("MAIL_CLAIM_SECONDS"))


def claim(mail_id):
    """Take the mail for sending and count the attempt; return whether this caller got it.

    Queued and failed mails can be taken, and mails whose claim ran out (their worker died).
    A mail whose registration was anonymised (purged or erased on request) is never taken:
    its address is gone, and must not be written to again.
    """
    now = timezone.now()
    claimable = Q(status__in=[MailLog.Status.QUEUED, MailLog.Status.FAILED]) | Q(
        status=MailLog.Status.SENDING, claimed_until__lt=now
    )
    # Conditions on the mail's own row only: a condition across the join to the registration
    # makes Django update `WHERE id IN (SELECT … JOIN …)`, and PostgreSQL does not check such
    # a subquery again after waiting for the row, so two workers could both take one mail.
    kept = Registration.objects.filter(anonymised_at__isnull=True).values("pk")
    mails = MailLog.objects.filter(claimable, pk=mail_id, registration_id__in=kept)
    return bool(
        mails.update(
            status=MailLog.Status.SENDING,
            claimed_until=now + claim_period(),
            attempts=F("attempts") + 1,
            # Given once, before the first attempt sends: a retry after a crash uses it again.
            message_id=Case(
                When(message_id="", then=Value(new_message_id())), default=F("message_id")
            ),
        )
    )


def new_message_id():
    """Return a Message-ID in the domain of the sender's address."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
    return make_msgid(domain=domain or None)


def deliver(mail_id):
    """Build and send the mail under a claim; record the outcome on its log."""
    if not claim(mail_id):
        return
    mail = MailLog.objects.select_related("registration__page__locale", "notification").get(
        pk=mail_id
    )
    drop_if_obsolete = SCHEDULED_KINDS.get(mail.kind)
    if drop_if_obsolete and import_string(drop_if_obsolete)(mail):
        return
    try:
        message = build_message(mail)
        message.extra_headers["Message-ID"] = mail.message_id
        message.send()
    except Exception as error:  # any failure is logged and retried later
        # Only while this attempt still holds the mail: one that outlived its claim must not
        # overwrite the outcome of the attempt that took over.
        MailLog.objects.filter(
            pk=mail.pk, status=MailLog.Status.SENDING, attempts=mail.attempts
        ).update(
            status=MailLog.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            claimed_until=None,
        )
    else:
        MailLog.objects.filter(pk=mail.pk).update(
            status=MailLog.Status.SENT, error="", sent_at=timezone.now(), claimed_until=None
        )


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


def record_interrupted_mail():
    """Mark as failed every mail whose claim ran out while sending; return how many."""
    return MailLog.objects.filter(
        status=MailLog.Status.SENDING, claimed_until__lt=timezone.now()
    ).update(status=MailLog.Status.FAILED, error=INTERRUPTED, claimed_until=None)


@task()
def retry_failed_mail():
    """Send again every failed, interrupted or stuck mail with attempts left; return how many
    were tried."""
    record_interrupted_mail()
    stuck = Q(status=MailLog.Status.QUEUED, created_at__lt=timezone.now() - claim_period())
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
    """Anonymise registrations past their retention period (`run_worker` runs it daily)."""
    from cms_events.registration.privacy import purge_expired_registrations

    return purge_expired_registrations()
