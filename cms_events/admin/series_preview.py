"""The series preview of the page editor, live: the rule in words and its next dates, from the
form as the editor fills it in, before anything is saved.

The panel's script (js/series-preview.js) sends the fields that make the series (the start,
the rule, the dates that differ) each time the editor changes one; this view reads them with
the editor's own form fields, puts them on an unsaved page and answers with the panel's own
fragment (`EventSeriesMixin.series_preview`, one template for both). Nothing is stored and
nobody's data is shown, so the page's edit permission (or, for a new page, permission to add
it) is enough. Whatever is sent, the answer is a message in the fragment: the rule caps its
dates (`recurrence.MAX_DATES`) and at most `MAX_DATE_CHANGES` dates that differ are read.
"""

import copy
import functools

from django import forms
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, render
from django.utils.decorators import method_decorator
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import View
from wagtail.models import Page

from cms_events.models import EventPage, SeriesDateChange
from cms_events.models.event import RULE_FIELDS
from cms_events.validation import ControlCharacterValidator, has_control_characters

# The page's fields the series is made of, and those of a date that differs the preview shows.
SERIES_FIELDS = ("start", "end", "all_day", *RULE_FIELDS)
CHANGE_FIELDS = ("date", "kind", "status", "subtitle")
CHANGES_PREFIX = "date_changes"
MAX_DATE_CHANGES = 200


@functools.cache
def preview_forms():
    """Return the form of the series' fields and the formset of the dates that differ, with the
    fields of the page editor's own form (so that they read the input as it does)."""
    editor = EventPage.get_edit_handler().get_form_class()
    fields = {name: copy.deepcopy(editor.base_fields[name]) for name in SERIES_FIELDS}
    # No start yet is no error of the rule: the preview asks for it in its own words.
    fields["start"].required = False
    series_form = type("SeriesPreviewForm", (forms.Form,), fields)
    change_fields = editor.formsets[CHANGES_PREFIX].form.base_fields
    change_form = type(
        "DateChangePreviewForm",
        (forms.Form,),
        {name: copy.deepcopy(change_fields[name]) for name in CHANGE_FIELDS},
    )
    changes_formset = forms.formset_factory(
        change_form, can_delete=True, max_num=MAX_DATE_CHANGES, absolute_max=MAX_DATE_CHANGES
    )
    return series_form, changes_formset


def has_hidden_characters(data):
    """Return whether a field the preview reads holds a control character (a NUL byte, say),
    which no field of the rule takes: the answer is that message, not the value echoed."""
    return any(
        has_control_characters(value, allow_whitespace=True)
        for name in data
        if name in SERIES_FIELDS or name.startswith(CHANGES_PREFIX)
        for value in data.getlist(name)
    )


def message(text=""):
    """Return the context of a preview without dates: a single event, or an error."""
    return {"sentence": "", "dates": [], "error": text}


def first_error(form):
    """Return the first field's first error as “Label: message”, or ""."""
    for name, field in form.fields.items():
        if name in form.errors:
            # Translators: a field's error in the series preview: “Begin: Dit is verplicht.”
            return _("%(field)s: %(error)s") % {
                "field": capfirst(field.label),
                "error": form.errors[name][0],
            }
    return ""


def date_changes(data):
    """Return the dates that differ in `data` (unsaved), skipping removed and unfinished ones."""
    formset = preview_forms()[1](data, prefix=CHANGES_PREFIX)
    changes = []
    for form in formset.forms:
        if form.is_valid() and form.cleaned_data.get("date") and not form.cleaned_data["DELETE"]:
            values = {name: form.cleaned_data[name] for name in CHANGE_FIELDS}
            changes.append(SeriesDateChange(**values))
    return changes


def preview_of(data, today=None):
    """Return the preview's context for the editor's form `data` (a QueryDict)."""
    if has_hidden_characters(data):
        return message(str(ControlCharacterValidator.message))
    form = preview_forms()[0](data)
    form.is_valid()
    if "repeat" in form.cleaned_data and not form.cleaned_data["repeat"]:
        return message()  # a single event: no rule to check
    error = first_error(form)
    if error:
        return message(error)
    page = EventPage(**form.cleaned_data)
    page.date_changes = date_changes(data)
    return page.series_preview(today)


def may_edit(user, page_id, parent_id):
    """Return whether `user` may edit the event `page_id`, or add one below `parent_id`."""
    if page_id is not None:
        return get_object_or_404(EventPage, pk=page_id).permissions_for_user(user).can_edit()
    parent = get_object_or_404(Page, pk=parent_id)
    return EventPage.can_create_at(parent) and parent.permissions_for_user(user).can_add_subpage()


@method_decorator(never_cache, name="dispatch")
class SeriesPreviewView(View):
    """Answer the editor's form fields (POST, or GET parameters) with the preview fragment."""

    http_method_names = ["get", "post"]
    template_name = "cms_events/admin/series_preview_content.html"

    def dispatch(self, request, page_id=None, parent_id=None):
        # A plain 403 for the panel's script, not Wagtail's redirect to the dashboard.
        if not may_edit(request.user, page_id, parent_id):
            return HttpResponseForbidden(_("You may not edit this event."))
        return super().dispatch(request)

    def get(self, request):
        return self.render(request, request.GET)

    def post(self, request):
        return self.render(request, request.POST)

    def render(self, request, data):
        return render(request, self.template_name, {**preview_of(data), "live": True})
