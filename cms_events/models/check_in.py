"""What door devices sent: one row per check-in or walk-in, keyed by the id the device chose.

A device that sends an action again (its offline queue, an answer lost on a flaky connection)
finds the row and gets the first outcome back, so nothing is done twice.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CheckInRequest(models.Model):
    """One action at the door, as sent by a check-in device."""

    class Action(models.TextChoices):
        CHECK_IN = "check_in", _("Check-in")
        WALK_IN = "walk_in", _("Walk-in")

    client_id = models.UUIDField(verbose_name=_("id given by the device"), unique=True)
    event = models.ForeignKey(
        "cms_events.EventCapacity",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="check_in_requests",
    )
    registration = models.ForeignKey(
        "cms_events.Registration",
        verbose_name=_("registration"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="check_in_requests",
    )
    action = models.CharField(verbose_name=_("action"), max_length=8, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    already_checked_in = models.BooleanField(
        verbose_name=_("was checked in already"),
        default=False,
        help_text=_("The person had been checked in before; the first time was kept."),
    )
    capacity_overridden = models.BooleanField(
        verbose_name=_("admitted over capacity"), default=False
    )
    # Staff's words; emptied with the registration's personal data (registration/privacy.py).
    override_reason = models.TextField(
        verbose_name=_("reason for admitting over capacity"), blank=True
    )
    created_at = models.DateTimeField(verbose_name=_("received at"), auto_now_add=True)

    def __str__(self):
        return f"{self.get_action_display()} {self.client_id}"

    class Meta:
        verbose_name = _("check-in request")
        verbose_name_plural = _("check-in requests")
        ordering = ["created_at", "pk"]
