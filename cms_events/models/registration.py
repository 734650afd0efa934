"""Registrations: who registered for which event, the editor-built form, and the mail sent.

Registrations belong to an event as a whole, not to one language version: they hang off an
`EventCapacity` row keyed by the pages' shared `translation_key`. That row is also what a
registration locks while it re-counts the places (see `cms_events.registration.services`).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.forms.models import AbstractFormField
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms_events.conf import get_setting


class EventCapacity(models.Model):
    """The registrations of one event across its translations; the row a registration locks."""

    translation_key = models.UUIDField(verbose_name=_("translation key"), unique=True)
    sessions_allocated_at = models.DateTimeField(
        verbose_name=_("sessions allocated at"), null=True, blank=True
    )

    def __str__(self):
        return str(self.translation_key)

    class Meta:
        verbose_name = _("event capacity")
        verbose_name_plural = _("event capacities")


def new_token():
    return secrets.token_urlsafe(32)


class Registration(models.Model):
    """One person's registration for an event."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING_LIST = "waiting_list", _("Waiting list")
        CANCELLED_BY_REGISTRANT = "cancelled_registrant", _("Cancelled by registrant")
        CANCELLED_BY_ORGANISER = "cancelled_organiser", _("Cancelled by organiser")

    ACTIVE_STATUSES = (Status.CONFIRMED, Status.WAITING_LIST)

    event = models.ForeignKey(
        EventCapacity,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("registered on page"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        verbose_name=_("status"), max_length=24, choices=Status.choices, db_index=True
    )
    name = models.CharField(verbose_name=_("name"), max_length=255)
    email = models.EmailField(verbose_name=_("email address"), max_length=254)
    answers = models.JSONField(verbose_name=_("answers"), default=dict, blank=True)
    # {round block id: [first choice session id, second choice session id]}
    session_preferences = models.JSONField(
        verbose_name=_("session preferences"), default=dict, blank=True
    )
    # {session block id: title when chosen}, so a session removed later still shows.
    session_choice_titles = models.JSONField(
        verbose_name=_("titles of the chosen sessions"), default=dict, blank=True
    )
    # For an event with registration per date (a series): the date registered for.
    series_date = models.DateField(verbose_name=_("date"), null=True, blank=True, db_index=True)
    language = models.CharField(verbose_name=_("language"), max_length=8, default="nl")
    source = models.CharField(
        verbose_name=_("source"),
        max_length=32,
        blank=True,
        help_text=_("How the person reached the form, for example “qr”."),
    )
    token = models.CharField(
        verbose_name=_("token"), max_length=64, unique=True, default=new_token, editable=False
    )
    created_at = models.DateTimeField(verbose_name=_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)
    cancelled_at = models.DateTimeField(verbose_name=_("cancelled at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(verbose_name=_("anonymised at"), null=True, blank=True)
    # At the door (registration/check_in.py): the QR code in the confirmation mail carries
    # this token and nothing else; it is not derived from the self-service token.
    check_in_token = models.CharField(
        verbose_name=_("check-in token"),
        max_length=64,
        unique=True,
        default=new_token,
        editable=False,
    )
    checked_in_at = models.DateTimeField(verbose_name=_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class CheckInMethod(models.TextChoices):
        SCAN = "scan", _("QR code scanned")
        SEARCH = "search", _("Found by name")
        WALK_IN = "walk_in", _("Registered at the door")

    check_in_method = models.CharField(
        verbose_name=_("checked in by way of"),
        max_length=8,
        choices=CheckInMethod.choices,
        blank=True,
    )

    def __str__(self):
        return self.name or str(self.pk)

    @property
    def is_active(self):
        return self.status in self.ACTIVE_STATUSES

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "event",
                condition=models.Q(
                    status__in=["confirmed", "waiting_list"], series_date__isnull=True
                ),
                name="one_active_registration_per_email",
            ),
            models.UniqueConstraint(
                Lower("email"),
                "event",
                "series_date",
                condition=models.Q(
                    status__in=["confirmed", "waiting_list"], series_date__isnull=False
                ),
                name="one_active_registration_per_email_and_date",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]
        permissions = [("check_in_registration", _("Can check in registrants at the door"))]


class ChangeNotification(models.Model):
    """A message to everyone registered for an event about a change of status, time or place.

    Its mails are logged one per registration (unique), so sending again never mails anyone
    twice.
    """

    event = models.ForeignKey(
        EventCapacity,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sequence = models.PositiveIntegerField(verbose_name=_("calendar version"))
    cancels = models.BooleanField(
        verbose_name=_("cancels the event"),
        default=False,
        help_text=_("The calendar file removes the event instead of updating it."),
    )
    message = models.TextField(verbose_name=_("message"))
    # For an event with registration per date: the dates (ISO) whose registrants it goes to.
    series_dates = models.JSONField(verbose_name=_("dates"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    def __str__(self):
        return f"{self.event} #{self.sequence}"

    class Meta:
        verbose_name = _("change notification")
        verbose_name_plural = _("change notifications")
        ordering = ["-created_at"]


class PendingNotification(models.Model):
    """A published change of an event that its registrants have not been told about yet.

    Made when a change of time, place or status is published while people are registered.
    Whoever may mail registrants (the registration permissions) sees it in the admin and
    sends the notification or decides that none is needed; either removes it. The editor who
    published the change needs no permission to see registrants.
    """

    event = models.OneToOneField(
        EventCapacity,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="pending_notification",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sequence = models.PositiveIntegerField(verbose_name=_("calendar version"))
    # For an event with registration per date: the dates (ISO) that changed.
    series_dates = models.JSONField(verbose_name=_("dates"), default=list, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(verbose_name=_("changed at"), auto_now=True)

    def __str__(self):
        return f"{self.event} #{self.sequence}"

    class Meta:
        verbose_name = _("notification to decide on")
        verbose_name_plural = _("notifications to decide on")


class MailLog(models.Model):
    """One mail to a registrant: what, to whom, and whether it went out."""

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("Confirmation")
        WAITING_LIST = "waiting_list", _("Waiting list notice")
        MOVED_UP = "moved_up", _("Moved up from the waiting list")
        CANCELLED = "cancelled", _("Cancellation confirmed")
        NOTIFICATION = "notification", _("Change notification")
        SCHEDULE = "schedule", _("Session schedule")
        REMINDER = "reminder", _("Reminder")
        THANK_YOU = "thank_you", _("Thank-you after the event")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        # The registration was anonymised before the mail went out: it never will.
        SKIPPED = "skipped", _("Not sent (personal data removed)")

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="mails",
    )
    kind = models.CharField(verbose_name=_("kind"), max_length=16, choices=Kind.choices)
    notification = models.ForeignKey(
        ChangeNotification,
        verbose_name=_("notification"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mails",
    )
    recipient = models.CharField(verbose_name=_("recipient"), max_length=254, blank=True)
    event_date = models.DateField(
        verbose_name=_("date of the event"),
        null=True,
        blank=True,
        help_text=_(
            "For a reminder: the day it reminds of. One reminder per registration and day."
        ),
    )
    status = models.CharField(
        verbose_name=_("status"),
        max_length=8,
        choices=Status.choices,
        default=Status.QUEUED,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(verbose_name=_("attempts"), default=0)
    claimed_until = models.DateTimeField(
        verbose_name=_("claimed until"),
        null=True,
        blank=True,
        help_text=_(
            "While sending, a worker holds the mail until then; a mail still sending after "
            "that is taken to be lost with its worker and is sent again."
        ),
    )
    message_id = models.CharField(
        verbose_name=_("message ID"),
        max_length=255,
        blank=True,
        help_text=_("The Message-ID header, the same for every attempt to send this mail."),
    )
    error = models.TextField(verbose_name=_("last error"), blank=True)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(verbose_name=_("sent at"), null=True, blank=True)

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def may_retry(self):
        return self.status == self.Status.FAILED and self.attempts < get_setting(
            "MAIL_MAX_ATTEMPTS"
        )

    class Meta:
        verbose_name = _("mail")
        verbose_name_plural = _("mails")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "registration"],
                name="one_mail_per_notification_and_registration",
            ),
            # Two workers that find the same reminder due log it once (registration/reminders.py).
            models.UniqueConstraint(
                fields=["registration", "event_date"],
                condition=models.Q(kind="reminder"),
                name="one_reminder_per_registration_and_date",
            ),
            # One thank-you per registration, however often the event's end is moved
            # (registration/thank_you_mail.py).
            models.UniqueConstraint(
                fields=["registration"],
                condition=models.Q(kind="thank_you"),
                name="one_thank_you_per_registration",
            ),
        ]


class SessionPlacement(models.Model):
    """The session a registrant goes to in one round of parallel sessions."""

    class Rank(models.TextChoices):
        FIRST = "first", _("First choice")
        SECOND = "second", _("Second choice")
        OTHER = "other", _("Other session")

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="placements",
    )
    round_id = models.CharField(verbose_name=_("round"), max_length=64)
    session_id = models.CharField(verbose_name=_("session"), max_length=64)
    session_title = models.CharField(verbose_name=_("session title"), max_length=255)
    rank = models.CharField(verbose_name=_("choice"), max_length=8, choices=Rank.choices)
    created_at = models.DateTimeField(verbose_name=_("placed at"), auto_now_add=True)

    def __str__(self):
        return self.session_title

    class Meta:
        verbose_name = _("session placement")
        verbose_name_plural = _("session placements")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "round_id"], name="one_session_per_round"
            )
        ]


SESSION_PREFERENCES = "session_preferences"

REGISTRATION_FIELD_TYPES = [
    ("singleline", _("Single line text")),
    ("multiline", _("Multi-line text")),
    ("email", _("Email")),
    ("number", _("Number")),
    ("date", _("Date")),
    ("checkbox", _("Checkbox")),
    ("checkboxes", _("Checkboxes")),
    ("dropdown", _("Drop down")),
    ("radio", _("Radio buttons")),
    (SESSION_PREFERENCES, _("Session preferences (first and second choice per round)")),
]


class RegistrationFormField(TranslatableMixin, AbstractFormField):
    """A question on an event's registration form, built by the editor.

    Its key (`clean_name`) is set once when the field is first saved, so answers stay linked
    to it when the label is renamed or translated: translations copy the key from the source
    and translate only the label and help text. Choices are synchronised too, so that every
    language's answers line up in one list.
    """

    page = ParentalKey("cms_events.EventPage", on_delete=models.CASCADE, related_name="form_fields")
    field_type = models.CharField(
        verbose_name=_("field type"),
        max_length=32,
        choices=REGISTRATION_FIELD_TYPES,
        help_text=_(
            "“Session preferences” asks a first and a second choice for every round of parallel "
            "sessions in the program."
        ),
    )
    field_type.required_on_save = True

    panels = [
        FieldPanel("label"),
        FieldPanel("help_text"),
        FieldPanel("required"),
        FieldPanel("field_type", classname="formbuilder-type", required_on_save=True),
        FieldPanel("choices", classname="formbuilder-choices"),
        FieldPanel("default_value", classname="formbuilder-default"),
    ]

    translatable_fields = [
        TranslatableField("label"),
        TranslatableField("help_text"),
        SynchronizedField("clean_name"),
        SynchronizedField("field_type"),
        SynchronizedField("required"),
        SynchronizedField("choices"),
        SynchronizedField("default_value"),
    ]

    class Meta(TranslatableMixin.Meta, AbstractFormField.Meta):
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")


def new_short_code():
    # Without look-alikes (0/o, 1/l/i), so a code typed from paper works.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(7))


class ShortLink(models.Model):
    """A short, permanent URL to an event's registration in one language, e.g. /e/k7m2p9q/.

    Keyed by the translation key and the locale, so it survives moves and slug changes, and
    the QR code of the English page leads to the English page.
    """

    translation_key = models.UUIDField(verbose_name=_("translation key"))
    locale = models.ForeignKey(
        "wagtailcore.Locale",
        verbose_name=_("language"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    code = models.CharField(
        verbose_name=_("code"), max_length=16, unique=True, default=new_short_code
    )

    def __str__(self):
        return self.code

    class Meta:
        verbose_name = _("short link")
        verbose_name_plural = _("short links")
        constraints = [
            models.UniqueConstraint(
                fields=["translation_key", "locale"], name="one_short_link_per_language"
            )
        ]
