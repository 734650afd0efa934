"""StreamField blocks for an event's program and its free content."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageBlock

from cms_events.formatting import format_clock, format_time
from cms_events.rich_text import BatchedRichTextBlock

# Program


class SpeakerBlock(blocks.StructBlock):
    """Who speaks: a person (name, role, organisation) or an organisation (name, what it is)."""

    PERSON = "person"
    ORGANISATION = "organisation"

    kind = blocks.ChoiceBlock(
        label=_("Speaker is"),
        choices=[(PERSON, _("A person")), (ORGANISATION, _("An organisation"))],
        default=PERSON,
        widget=forms.RadioSelect,
    )
    name = blocks.CharBlock(
        label=_("Name"),
        max_length=255,
        help_text=_("The person's name, or the organisation's, such as “Stichting Armoedefonds”."),
    )
    role = blocks.CharBlock(
        label=_("Role"),
        max_length=255,
        required=False,
        help_text=_(
            "For example “procesmanager bestaanszekerheid”, or for an organisation what it does."
        ),
    )
    organisation = blocks.CharBlock(
        label=_("Organisation"),
        max_length=255,
        required=False,
        help_text=_("The person's organisation, or the umbrella of an organisation."),
    )

    class Meta:
        icon = "user"
        label = _("Speaker")
        template = "cms_events/blocks/speaker.html"


def validate_time_order(start, end, errors):
    """Add an error on `end` to `errors` when it does not come after `start`."""
    if start and end and end <= start:
        errors["end"] = ValidationError(_("The end time must be after the start time."))


def time_labels(start, end=None):
    """Return the labels of a timetable slot: “14.00 uur”, or “15.30” and “16.15 uur”."""
    if end is None:
        return {"start_label": format_time(start), "end_label": ""}
    return {"start_label": format_clock(start), "end_label": format_time(end)}


class ProgramItemBlock(blocks.StructBlock):
    """A timed item on the program, optionally with speakers and numbered sub-themes."""

    start = blocks.TimeBlock(label=_("Start time"))
    end = blocks.TimeBlock(label=_("End time"), required=False)
    title = blocks.CharBlock(label=_("Title"), max_length=255)
    speakers = blocks.ListBlock(
        SpeakerBlock(), label=_("Speakers"), default=[], min_num=0, collapsed=True
    )
    description = BatchedRichTextBlock(
        label=_("Description"),
        required=False,
        features=["bold", "italic", "link", "ol", "ul"],
    )
    subthemes = blocks.ListBlock(
        blocks.CharBlock(label=_("Sub-theme"), max_length=255),
        label=_("Sub-themes"),
        default=[],
        min_num=0,
        help_text=_("Shown as a numbered list, for example the themes of parallel sub-sessions."),
    )
    subthemes_note = blocks.TextBlock(
        label=_("Text after the sub-themes"),
        required=False,
        rows=2,
    )

    class Meta:
        icon = "time"
        label = _("Program item")
        template = "cms_events/blocks/program_item.html"
        form_classname = "struct-block program-item-block"

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        validate_time_order(value["start"], value["end"], errors)
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context.update(time_labels(value["start"], value["end"]))
        return context


class SessionBlock(blocks.StructBlock):
    """One of the parallel sessions in a round."""

    title = blocks.CharBlock(label=_("Title"), max_length=255)
    description = blocks.TextBlock(label=_("Description"), required=False, rows=3)
    host = blocks.CharBlock(
        label=_("Host"),
        max_length=255,
        required=False,
        help_text=_("Who leads the session, for example a name and organisation."),
    )
    capacity = blocks.IntegerBlock(
        label=_("Capacity"),
        required=False,
        min_value=1,
        help_text=_("Maximum number of participants. Leave empty for no limit."),
    )

    class Meta:
        icon = "group"
        label = _("Session")


class SessionRoundBlock(blocks.StructBlock):
    """A round of parallel sessions; each session keeps its block id for registrations."""

    title = blocks.CharBlock(label=_("Title"), max_length=255)
    start = blocks.TimeBlock(label=_("Start time"))
    end = blocks.TimeBlock(label=_("End time"))
    description = blocks.TextBlock(label=_("Description"), required=False, rows=2)
    sessions = blocks.ListBlock(SessionBlock(), label=_("Sessions"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Round of parallel sessions")
        template = "cms_events/blocks/session_round.html"

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        validate_time_order(value["start"], value["end"], errors)
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context.update(time_labels(value["start"], value["end"]))
        # The page's context knows the places left per session (see `registration.sessions`).
        availability = (parent_context or {}).get("session_availability")
        places = {}
        if availability is not None:
            for round_places in availability.places.values():
                places.update(round_places)
        context["sessions_allocated"] = bool(availability and availability.allocated)
        context["sessions"] = [
            {"id": bound.id, "value": bound.value, "places_left": places.get(bound.id)}
            for bound in value["sessions"].bound_blocks
        ]
        return context


class ProgramStreamBlock(blocks.StreamBlock):
    """The program: timed items, rounds of parallel sessions and short notes between them."""

    item = ProgramItemBlock()
    session_round = SessionRoundBlock()
    note = BatchedRichTextBlock(
        label=_("Note"),
        icon="doc-full",
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("A short text before, between or after the timed items."),
    )

    class Meta:
        required = False


# Content


class HeadingBlock(blocks.CharBlock):
    """A section heading inside the event's body."""

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "cms_events/blocks/heading.html"


class BodyStreamBlock(blocks.StreamBlock):
    """Free content of an event page."""

    heading = HeadingBlock(max_length=255)
    paragraph = BatchedRichTextBlock(
        label=_("Paragraph"),
        icon="pilcrow",
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
    )
    image = ImageBlock(label=_("Image"), template="cms_events/blocks/image.html")

    class Meta:
        required = False
