"""Buttons that lead editors to the status form, in page listings and the edit view."""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.menus.pages import PageMenuItem

from cms_events.models import EventPage


class ChangeStatusButton(PageMenuItem):
    """“Change status” for an event the user may publish."""

    label = _("Change status")
    icon_name = "warning"
    url_name = "cms_events_change_status"

    def is_shown(self, user):
        page_class = self.page.specific_class
        if page_class is None or not issubclass(page_class, EventPage):
            return False
        return self.page.permissions_for_user(user).can_publish()


class RegistrationsButton(PageMenuItem):
    """“Registrations” for an event with a form, for users who may see personal data."""

    label = _("Registrations")
    icon_name = "group"
    url_name = "cms_events_registrations"

    def is_shown(self, user):
        page_class = self.page.specific_class
        if page_class is None or not issubclass(page_class, EventPage):
            return False
        return (
            user.has_perm("cms_events.view_registration")
            and self.page.permissions_for_user(user).can_edit()
        )


class QRCodeButton(PageMenuItem):
    """Download the QR code of a published event's registration link; for a series, open the
    list of its QR codes, its own and one for each coming date."""

    icon_name = "download"

    @property
    def label(self):
        return _("QR codes") if self.is_series else _("QR code (PNG)")

    @cached_property
    def is_series(self):
        page_class = self.page.specific_class
        return bool(
            page_class is not None
            and issubclass(page_class, EventPage)
            and self.page.specific_deferred.is_series
        )

    @cached_property
    def url(self):
        from cms_events.sharing.shortlinks import short_link_for

        if self.is_series:
            return reverse("cms_events_qr_codes", args=[self.page.pk])
        code = short_link_for(self.page.specific_deferred).code
        return reverse("cms_events:short_link_qr", args=[code, "png"]) + "?download=1"

    def is_shown(self, user):
        page_class = self.page.specific_class
        if page_class is None or not issubclass(page_class, EventPage) or not self.page.live:
            return False
        return self.page.permissions_for_user(user).can_edit()


class SessionsButton(RegistrationsButton):
    """“Work sessions” for an event whose program has rounds of parallel sessions."""

    label = _("Work sessions")
    icon_name = "list-ul"
    url_name = "cms_events_sessions"

    def is_shown(self, user):
        if not super().is_shown(user):
            return False
        return any(block.block_type == "session_round" for block in self.page.specific.program)


class MailsButton(PageMenuItem):
    """“Mails”: how each mail of the event reads, for editors of the page."""

    label = _("Mails")
    icon_name = "mail"
    url_name = "cms_events_mail_preview"

    def is_shown(self, user):
        page_class = self.page.specific_class
        if page_class is None or not issubclass(page_class, EventPage):
            return False
        return self.page.permissions_for_user(user).can_edit()


class CheckInButton(PageMenuItem):
    """“Check-in”: the door's page, for users with the check-in permission."""

    label = _("Check-in")
    icon_name = "tick"
    url_name = "cms_events_check_in"

    def is_shown(self, user):
        page_class = self.page.specific_class
        if page_class is None or not issubclass(page_class, EventPage):
            return False
        return user.has_perm("cms_events.check_in_registration")
