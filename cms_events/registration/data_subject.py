"""Data-subject requests (AVG inzage and vergetelheid): one person's registrations, everywhere.

A person is identified by their email address, normalised as registration does it: the form
strips surrounding white space, and the uniqueness of an active registration compares the
database's `lower(email)`; the search trims and lowers both sides in the database. Dutch and
English pages share their registrations, so one search covers every event in every language.

Erasure anonymises exactly as the retention purge does (`privacy.anonymise`). An active
registration for an event that has not started yet is first withdrawn, as if the person had
withdrawn it themselves, but without the withdrawal mail: the place is freed and the first on
the waiting list moves up (and is mailed, at their own address). Registrations of events that
have started or ended keep their status, so counts stay as after a purge.

What staff did is logged in `DataSubjectRequestLog` without the address: only a keyed hash of
it (HMAC-SHA256 with the site's SECRET_KEY), so a repeated request is recognised.
"""

import hashlib

from django.conf import settings
from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Lower, Trim
from django.utils import timezone
from django.utils.crypto import salted_hmac

from cms_events.models import DataSubjectRequestLog, MailLog, Registration
from cms_events.registration import addresses
from cms_events.registration.privacy import anonymise
from cms_events.registration.services import cancel_registration

HASH_SALT = "cms_events.data_subject_request"


class ErasureIncomplete(Exception):
    """Personal data of the address was still found after erasing; nothing was erased."""


class RegistrationsChanged(Exception):
    """The registrations of the address differ from those the staff member confirmed."""


def normalise_email(email):
    """Return the address as registration compares it: written as registration stores it
    (`addresses.normalise_email`), stripped and in lower case."""
    return addresses.normalise_email(email.strip()).lower()


def same_address(queryset, field, email):
    """Filter `queryset` on `field` holding `email`, normalised on both sides by the database.

    The database lowers both sides, as the unique index on `lower(email)` does, so an address
    matches whatever case it was typed in, with the same case folding as that index. The
    address is looked for as typed and as registration writes it (Unicode domain, no
    needless quotes), so `jan@xn--bcher-kva.nl` finds `jan@bücher.nl` and the other way round.
    """
    spellings = {email.strip(), addresses.normalise_email(email.strip())}
    matches = Q()
    for spelling in sorted(spellings):
        matches |= Q(normalised_address=Lower(Value(spelling)))
    return queryset.alias(normalised_address=Lower(Trim(field))).filter(matches)


def find_registrations(email):
    """Return the registrations of `email` that still hold personal data, oldest first."""
    pending = Registration.objects.filter(anonymised_at__isnull=True)
    return (
        same_address(pending, "email", email)
        .select_related("page", "event")
        .prefetch_related("mails", "placements")
        .order_by("created_at", "pk")
    )


def remaining_personal_data(email):
    """Return {"registrations": n, "mails": n}: where the address is still stored."""
    return {
        "registrations": find_registrations(email).count(),
        "mails": same_address(MailLog.objects.all(), "recipient", email).count(),
    }


def fingerprint(registrations):
    """Return a short digest of which registrations (and in which state) were shown."""
    parts = [f"{r.pk}:{r.status}:{r.updated_at.isoformat()}" for r in registrations]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def address_hash(email, secret=None):
    """Return the keyed hash of the normalised address (HMAC-SHA256 with SECRET_KEY)."""
    return salted_hmac(
        HASH_SALT, normalise_email(email), secret=secret, algorithm="sha256"
    ).hexdigest()


def address_hashes(email):
    """Return the hashes under the current key and every `SECRET_KEY_FALLBACKS` key."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [address_hash(email, secret) for secret in secrets]


def earlier_requests(email):
    """Return the log entries of earlier requests about the same address, newest first."""
    return DataSubjectRequestLog.objects.filter(address_hash__in=address_hashes(email))


def log_request(user, action, email, registrations):
    """Record what `user` did with the registrations of `email`, without the address."""
    return DataSubjectRequestLog.objects.create(
        user=user,
        user_name=user.get_username(),
        action=action,
        registration_count=len(registrations),
        event_ids=sorted({registration.event_id for registration in registrations}),
        address_hash=address_hash(email),
    )


def has_started(registration, now):
    page = registration.page.specific if registration.page else None
    return page is None or page.start <= now


def withdraw_upcoming(registrations, now):
    """Withdraw the active registrations of events that have not started, without mail.

    Return the registrations that moved up from the waiting list in their place.
    """
    moved_up = []
    for registration in registrations:
        if registration.is_active and not has_started(registration, now):
            promoted = cancel_registration(registration, notify=False)
            if promoted is not None:
                moved_up.append(promoted)
    return moved_up


def erase(email, *, user, confirmed_fingerprint, now=None):
    """Erase every registration of `email` and log it; return the log entry.

    Raise `RegistrationsChanged` when the registrations are no longer those the staff member
    saw and confirmed, and `ErasureIncomplete` (rolling everything back) when the address is
    still found afterwards.
    """
    now = now or timezone.now()
    with transaction.atomic():
        registrations = list(find_registrations(email))
        if fingerprint(registrations) != confirmed_fingerprint:
            raise RegistrationsChanged
        withdraw_upcoming(registrations, now)
        anonymise(Registration.objects.filter(pk__in=[r.pk for r in registrations]), now)
        if any(remaining_personal_data(email).values()):
            raise ErasureIncomplete
        return log_request(user, DataSubjectRequestLog.Action.ERASE, email, registrations)
