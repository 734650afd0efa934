"""Cross-field rules for an event's facts and program, with Dutch messages through gettext,
and the rule for control characters in text that visitors send.

Each `validate_*` function returns a dict of field name to error, so `EventPageMixin.clean()`
can collect them all at once and the editor sees every problem in one go.
"""

import re
from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

POSTCODE_RE = re.compile(r"^\s*(\d{4})\s*([A-Za-z]{2})\s*$")

# C0 control characters and DEL. Tab, line feed and carriage return are the whitespace a
# multi-line text may hold; the others have no place in text (a spreadsheet refuses them,
# PostgreSQL refuses NUL).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
CONTROL_CHARACTERS_EXCEPT_WHITESPACE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(text, *, allow_whitespace=False):
    """Return whether `text` holds a control character (tab and line breaks allowed or not)."""
    pattern = CONTROL_CHARACTERS_EXCEPT_WHITESPACE if allow_whitespace else CONTROL_CHARACTERS
    return bool(pattern.search(text))


@deconstructible
class ControlCharacterValidator:
    """Refuse text with a control character; a multi-line field allows tabs and line breaks."""

    message = _(
        "This field contains an invisible control character. Type the text again, or paste "
        "it without formatting."
    )
    code = "control_character"

    def __init__(self, *, allow_whitespace=False):
        self.allow_whitespace = allow_whitespace

    def __eq__(self, other):
        return (
            isinstance(other, ControlCharacterValidator)
            and other.allow_whitespace == self.allow_whitespace
        )

    def __hash__(self):
        return hash((type(self), self.allow_whitespace))

    def __call__(self, value):
        if has_control_characters(str(value), allow_whitespace=self.allow_whitespace):
            raise ValidationError(self.message, code=self.code)


def normalise_postcode(value):
    """Return a Dutch postcode as “1234 AB”, or the value unchanged if it is not one."""
    match = POSTCODE_RE.match(value or "")
    if not match:
        return value
    return f"{match.group(1)} {match.group(2).upper()}"


def ascii_slug(value):
    """Return a slug in plain ASCII, as Dutch sites write URLs: “politiek-café” becomes
    “politiek-cafe”. A slug with nothing ASCII in it (another script) is kept as it is."""
    ascii_value = slugify(value or "")
    return ascii_value or value


def validate_dates(event):
    """Return errors about start, end and walk-in time."""
    errors = {}
    if not event.start:
        return errors
    start = timezone.localtime(event.start)
    end = timezone.localtime(event.end) if event.end else None
    # No end: an open end, or a one-day all-day event.
    if end is not None and event.all_day and end.date() < start.date():
        errors["end"] = _("The last day cannot be before the first day.")
    elif end is not None and not event.all_day and end <= start:
        errors["end"] = _("The end must be after the start.")
    if event.walk_in_time and not event.all_day and event.walk_in_time > start.time():
        errors["walk_in_time"] = _("The walk-in time cannot be after the start (%(start)s).") % {
            "start": start.strftime("%H.%M")
        }
    return errors


def validate_location(event):
    """Return errors when the event has no usable location."""
    errors = {}
    if event.postcode and not POSTCODE_RE.match(event.postcode):
        errors["postcode"] = _("Enter a Dutch postcode such as 3561 GE.")
    if (event.street or event.postcode) and not event.city:
        errors["city"] = _("Enter the city of this address.")
    has_place = event.venue_id or event.venue_name or event.city
    online = event.online_url or event.online_link_by_mail
    if not (has_place or online or event.location_to_follow):
        errors["venue_name"] = _(
            "Enter a location, an online link, or tick “online link follows by email” or "
            "“location follows”."
        )
    return errors


def validate_thank_you_mail(event):
    """Return an error when the thank-you mail is on without the link it is sent for."""
    if event.send_thank_you_mail and not event.thank_you_mail_url:
        return {
            "thank_you_mail_url": _(
                "Enter the link the thank-you mail points to, or switch the mail off."
            )
        }
    return {}


def validate_cost(event):
    """Return an error when “a price” comes without an amount, or an amount without it."""
    if event.cost == event.Cost.PRICE and event.price is None:
        return {"price": _("Enter the price, or choose “free” or “not stated”.")}
    if event.cost != event.Cost.PRICE and event.price is not None:
        return {"price": _("A price goes with the choice “a price”; empty this field.")}
    return {}


def _program_window(event):
    """Return the (earliest, latest) times a program item may use, or None if not checkable."""
    if event.all_day or not event.start:
        return None
    start = timezone.localtime(event.start)
    if event.end is None:
        # An open end: the program may run until the end of the day.
        latest = time.max.replace(second=0, microsecond=0)
    else:
        end = timezone.localtime(event.end)
        if start.date() != end.date():
            return None  # A multi-day program has no day per item to compare with.
        latest = end.time()
    earliest = min(event.walk_in_time or start.time(), start.time())
    return earliest, latest


def _item_errors(value, earliest, latest):
    errors = {}
    start, end = value.get("start"), value.get("end")
    if start and not earliest <= start <= latest:
        errors["start"] = ValidationError(
            _("This time lies outside the event (%(earliest)s to %(latest)s).")
            % {"earliest": earliest.strftime("%H.%M"), "latest": latest.strftime("%H.%M")}
        )
    if end and end > latest:
        errors["end"] = ValidationError(
            _("This item ends after the event (%(latest)s).") % {"latest": latest.strftime("%H.%M")}
        )
    return errors


def validate_program(event):
    """Return an error on `program` when a timed block lies outside the event's times."""
    window = _program_window(event)
    if window is None:
        return {}
    block_errors = {}
    for index, child in enumerate(event.program or []):
        if child.block_type not in ("item", "session_round"):
            continue
        errors = _item_errors(child.value, *window)
        if errors:
            block_errors[index] = StructBlockValidationError(block_errors=errors)
    if not block_errors:
        return {}
    return {"program": StreamBlockValidationError(block_errors=block_errors)}


def combine(date_value, time_value=None):
    """Return an aware local datetime for a date and an optional time (midnight if none)."""
    naive = datetime.combine(date_value, time_value or time.min)
    return timezone.make_aware(naive, timezone.get_default_timezone())
