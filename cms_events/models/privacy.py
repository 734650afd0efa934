"""The log of data-subject requests (AVG inzage and vergetelheid).

It records what staff did with one person's data, never the data itself: no name, no email
address, no answers. A keyed hash of the normalised address lets staff recognise a repeated
request for the same address without the log being able to reveal it (see
`cms_events.registration.data_subject.address_hash`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DataSubjectRequestLog(models.Model):
    """One search, export or erasure of a person's registrations by a member of staff."""

    class Action(models.TextChoices):
        SEARCH = "search", _("Looked up")
        EXPORT = "export", _("Exported")
        ERASE = "erase", _("Erased")

    created_at = models.DateTimeField(verbose_name=_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept when the account is deleted later, so the log still says who acted.
    user_name = models.CharField(verbose_name=_("staff member's user name"), max_length=150)
    action = models.CharField(verbose_name=_("action"), max_length=8, choices=Action.choices)
    registration_count = models.PositiveIntegerField(
        verbose_name=_("number of registrations"), default=0
    )
    # Ids of `EventCapacity` rows: an event in all its languages, not one page.
    event_ids = models.JSONField(verbose_name=_("events"), default=list, blank=True)
    address_hash = models.CharField(
        verbose_name=_("keyed hash of the email address"), max_length=64, db_index=True
    )

    def __str__(self):
        return f"{self.get_action_display()} ({self.registration_count})"

    class Meta:
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        ordering = ["-created_at", "-pk"]
        default_permissions = ()
        permissions = [
            (
                "handle_data_subject_requests",
                _("Can find, export and erase a person's registrations (AVG requests)"),
            )
        ]
