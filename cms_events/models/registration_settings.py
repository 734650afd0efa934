"""The registration settings of an event and the form on its page (Post/Redirect/Get)."""

import hashlib
import json
import math

from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm

from cms_events.conf import get_setting
from cms_events.locales import FormOfAddress, is_informal
from cms_events.models.registration import SESSION_PREFERENCES
from cms_events.models.site_settings import site_form_of_address
from cms_events.registration import thanks
from cms_events.registration.forms import RegistrationFormBuilder

# Seconds an event's questions stay in the cache unless one of them is saved or deleted.
FORM_FIELDS_SECONDS = 60 * 60
# The longest lead time an editor may give a reminder, in days.
MAX_REMINDER_DAYS_BEFORE = 60
# The longest an editor may wait with the thank-you mail after the end, in hours: two weeks.
MAX_THANK_YOU_HOURS_AFTER = 14 * 24


def form_fields_key(page_id):
    return f"cms_events:form-fields:{page_id}"


def forget_form_fields(sender, instance, **kwargs):
    """Forget the cached questions of the page a question belongs to."""
    if instance.page_id is not None:
        cache.delete(form_fields_key(instance.page_id))


class EventRegistrationMixin(models.Model):
    """How people register for an event: not at all, on the page, or on another site."""

    class Mode(models.TextChoices):
        NONE = "none", _("No registration")
        FORM = "form", _("Form on this page")
        EXTERNAL = "external", _("Link to another site")

    registration_mode = models.CharField(
        verbose_name=_("registration"),
        max_length=8,
        choices=Mode.choices,
        default=Mode.NONE,
    )
    registration_opens_at = models.DateTimeField(
        verbose_name=_("registration opens"),
        null=True,
        blank=True,
        help_text=_("Empty: open as soon as the page is published."),
    )
    registration_closes_at = models.DateTimeField(
        verbose_name=_("registration closes"),
        null=True,
        blank=True,
        help_text=_("Empty: open until the event starts."),
    )
    capacity = models.PositiveIntegerField(
        verbose_name=_("places"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit."),
    )
    waiting_list_enabled = models.BooleanField(
        verbose_name=_("waiting list"),
        default=True,
        help_text=_("When the event is full, further registrations go on a waiting list."),
    )
    registration_per_date = models.BooleanField(
        verbose_name=_("registration per date"),
        default=False,
        help_text=_(
            "For a series: people register for one date, and each date has the places and "
            "waiting list set here (a drop-in). Unticked: one registration for the whole "
            "series (a course)."
        ),
    )
    registration_intro = models.TextField(
        verbose_name=_("text above the form"),
        blank=True,
        help_text=_("For example “Voor een goede voorbereiding vragen wij u …”."),
    )
    thank_you_text = models.TextField(
        verbose_name=_("thank-you text"),
        blank=True,
        help_text=_("Shown after registering, above the standard confirmation."),
    )
    form_of_address = models.CharField(
        verbose_name=_("form of address"),
        max_length=2,
        choices=FormOfAddress.choices,
        blank=True,
        help_text=_(
            "How the fixed texts of the page, the form and the mails address visitors. "
            "Empty: the site's setting."
        ),
    )
    external_registration_url = models.URLField(
        verbose_name=_("external registration link"),
        blank=True,
        help_text=_("For events whose registration form lives on another site."),
    )
    retention_days = models.PositiveIntegerField(
        verbose_name=_("keep registrations for (days)"),
        null=True,
        blank=True,
        help_text=_(
            "Days after the end of the event after which personal data are removed. "
            "Empty: the site's default."
        ),
    )
    send_reminder = models.BooleanField(
        verbose_name=_("send a reminder"),
        default=True,
        help_text=_(
            "Mail confirmed registrants a reminder before the event: never the waiting list, "
            "and not while the event is cancelled or postponed."
        ),
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        verbose_name=_("reminder (days before the start)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REMINDER_DAYS_BEFORE)],
        help_text=_("Empty: the site's default, normally 2 days."),
    )
    send_thank_you_mail = models.BooleanField(
        verbose_name=_("send a thank-you mail after the event"),
        default=False,
        help_text=_(
            "Mail confirmed registrants once the event is over, with the link below: never the "
            "waiting list, and not when the event was cancelled or postponed."
        ),
    )
    thank_you_mail_url = models.URLField(
        verbose_name=_("link in the thank-you mail"),
        max_length=500,
        blank=True,
        help_text=_(
            "For example to a report, the slides or a survey. Needed for the thank-you mail; "
            "in your own text of that mail it is {link}."
        ),
    )
    thank_you_mail_hours_after = models.PositiveSmallIntegerField(
        verbose_name=_("thank-you mail (hours after the end)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_THANK_YOU_HOURS_AFTER)],
        help_text=_(
            "Empty: the site's default, normally 2 hours. Without an end time, counted from "
            "midnight after the start."
        ),
    )

    registration_panels = [
        FieldPanel("registration_mode"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]
                ),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("waiting_list_enabled")]),
                FieldPanel("registration_per_date"),
                FieldPanel("retention_days"),
                FieldRowPanel(
                    [FieldPanel("send_reminder"), FieldPanel("reminder_days_before")],
                    heading=_("Reminder"),
                ),
                FieldRowPanel(
                    [
                        FieldPanel("send_thank_you_mail"),
                        FieldPanel("thank_you_mail_hours_after"),
                    ],
                    heading=_("Thank-you mail"),
                ),
                FieldPanel("thank_you_mail_url"),
            ],
            heading=_("Places and dates"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("registration_intro"),
                FieldPanel("thank_you_text"),
                FieldPanel("form_of_address"),
                FieldPanel("external_registration_url"),
            ],
            heading=_("Texts"),
        ),
        InlinePanel(
            "form_fields",
            heading=_("Extra questions"),
            label=_("Question"),
            help_text=_("Name, email address and consent are always asked."),
        ),
    ]

    base_form_class = WagtailAdminFormPageForm
    form_builder = RegistrationFormBuilder
    # What handles the form's POST, as a dotted path: the model layer names the request
    # handling but does not import it. Override this to handle registrations your own way.
    registration_view = "cms_events.registration.views.handle_registration"

    def get_form_fields(self):
        """Return the editor's questions. Override this to add questions of your own.

        The questions stored with a page are kept in the cache (they are read on every view
        and POST of an open form); saving or deleting one forgets them
        (`forget_form_fields`). A page built from a revision (a preview) has them in memory.
        """
        in_memory = "form_fields" in getattr(self, "_cluster_related_objects", {})
        if self.pk is None or in_memory:
            return self.form_fields.all()
        key = form_fields_key(self.pk)
        fields = cache.get(key)
        if fields is None:
            fields = list(self.form_fields.all())
            cache.set(key, fields, FORM_FIELDS_SECONDS)
        return fields

    def get_form_of_address(self, request=None):
        """Return the form of address of the fixed texts: the event's own, else the site's."""
        return self.form_of_address or site_form_of_address(self, request)

    def get_privacy_url(self):
        """Return the URL of the privacy statement linked from the consent line."""
        return get_setting("PRIVACY_URL")

    def get_session_rounds(self):
        """Return the rounds of parallel sessions in the program (see `registration.sessions`)."""
        from cms_events.registration.sessions import program_rounds

        return program_rounds(self)

    def get_session_availability(self, snapshot=None):
        """Return the places left per session, or None when the program has no rounds."""
        from cms_events.registration.sessions import availability, confirmed_snapshot

        rounds = self.get_session_rounds()
        if not rounds:
            return None
        return availability(snapshot or confirmed_snapshot(self), rounds)

    def get_registration_form(self, data=None, availability=None):
        fields = self.get_form_fields()
        builder_options = {}
        if any(field.field_type == SESSION_PREFERENCES for field in fields):
            if availability is None:
                availability = self.get_session_availability()
            builder_options = {
                "rounds": self.get_session_rounds(),
                # Before the allocation no session is full: places are not yet given out.
                "places": availability.places if availability and availability.allocated else {},
            }
        form_class = self.form_builder(fields, **builder_options).get_form_class()
        form = form_class(data, page=self, privacy_url=self.get_privacy_url())
        from cms_events.registration.forms import add_date_field
        from cms_events.registration.services import open_dates, per_date

        if per_date(self):
            add_date_field(form, open_dates(self), chosen=getattr(self, "chosen_date", None))
        return form

    def get_registration_context(self, request, form=None, availability=None, confirmed=None):
        """Return what the registration section shows: state, places left, form, thanks."""
        from cms_events.registration.services import RegistrationState, state_and_places_left

        state, places = state_and_places_left(self, confirmed=confirmed)
        takes_registrations = state in (RegistrationState.OPEN, RegistrationState.WAITING_LIST)
        outcome = thanks.thanks_for(request, self) if request else None
        form_cache_key = None
        # Right after registering, the thanks stand alone: a form under them would read as
        # if the registration had not gone through.
        if form is None and takes_registrations and not outcome:
            # Built only when its HTML is not kept yet (templatetags/registration_tags.py).
            form = SimpleLazyObject(lambda: self.get_registration_form(availability=availability))
            if not getattr(request, "is_preview", False):
                form_cache_key = self.get_registration_form_cache_key(state, availability)
        # A submitted form is shown again with its errors, even when the event has just
        # closed or filled up meanwhile: the visitor sees why and loses nothing typed.
        show_form = not outcome and (takes_registrations or (form is not None and form.is_bound))
        return {
            "state": state,
            "places_left": places,
            "form": form if show_form else None,
            "form_cache_key": form_cache_key,
            "thanks": {"status": outcome} if outcome else None,
        }

    def get_registration_form_cache_key(self, state, availability=None):
        """Return the cache key of the empty form's HTML, from everything that shows in it:
        the published revision, the language and form of address, the state (the button), the
        privacy link and, once sessions are allocated, which are full."""
        places = availability.places if availability and availability.allocated else {}
        from cms_events.registration.services import open_dates, per_date

        if per_date(self):
            # The dates offered, each with its places, and the one preselected.
            dates = [(o.date, str(state), left) for o, state, left in open_dates(self)]
            places = {"dates": dates, "chosen": getattr(self, "chosen_date", None), **places}
        parts = [
            self.pk,
            self.live_revision_id,
            str(self.last_published_at),
            translation.get_language(),
            is_informal(),
            str(state),
            str(self.get_privacy_url()),
            places,
        ]
        text = json.dumps(parts, sort_keys=True, default=str)
        return "cms_events:registration-form:" + hashlib.sha256(text.encode()).hexdigest()

    def get_context(self, request, *args, form=None, **kwargs):
        from cms_events.registration.sessions import confirmed_snapshot

        context = super().get_context(request, *args, **kwargs)
        snapshot = None
        if self.registration_mode == self.Mode.FORM and self.get_session_rounds():
            # One query answers both the places of the event and those of its sessions.
            snapshot = confirmed_snapshot(self)
            context["session_availability"] = self.get_session_availability(snapshot)
        if self.registration_mode != self.Mode.NONE:
            context["registration"] = self.get_registration_context(
                request,
                form,
                context.get("session_availability"),
                confirmed=snapshot.count if snapshot else None,
            )
        return context

    @property
    def posts_without_csrf_token(self):
        """Whether the page takes POSTs without Django's CSRF token (registration/csrf.py)."""
        return self.registration_mode == self.Mode.FORM

    def get_shared_cache_seconds(self, now=None):
        """Return how long a shared cache may keep this page (its s-maxage).

        A page with a registration form shows places and the state of registration, which
        change with every registration: CMS_EVENTS_REGISTRATION_CACHE_SECONDS at most (the page
        is purged on a registration as well). Never beyond the next moment the page changes
        by itself: registration opening or closing, the start and the end. Override this to
        keep pages for shorter or longer.
        """
        now = now or timezone.now()
        seconds = get_setting("CACHE_SECONDS")
        if self.registration_mode == self.Mode.FORM:
            seconds = min(seconds, get_setting("REGISTRATION_CACHE_SECONDS"))
        moments = (self.registration_opens_at, self.registration_closes_at, self.start, self.end)
        for moment in moments:
            if moment is not None and moment > now:
                seconds = min(seconds, math.ceil((moment - now).total_seconds()))
        return seconds

    def serve(self, request, *args, **kwargs):
        if request.method == "POST" and self.registration_mode == self.Mode.FORM:
            from cms_events.registration.csrf import refuse_cross_site

            refusal = refuse_cross_site(request)
            return refusal or import_string(self.registration_view)(self, request)
        response = super().serve(request, *args, **kwargs)
        if thanks.asks_for_thanks(request) or getattr(request, "is_preview", False):
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex"
        elif response.status_code == 200:
            patch_cache_control(response, max_age=0, s_maxage=self.get_shared_cache_seconds())
        return response

    class Meta:
        abstract = True
