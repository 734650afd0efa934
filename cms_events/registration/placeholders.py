"""The placeholders an editor may put in a mail text: checked on save, filled when sending.

An editor's text is never a Django template (no tags, no filters, no attribute look-ups, so
no template injection). It is read with `string.Formatter.parse`: every field must be one of
the names in `PLACEHOLDERS`, bare (no attribute, index, conversion or format), and is filled
with plain strings by `str.format_map`. A brace the editor means literally is typed twice:
`{{` and `}}`.
"""

import difflib
import string

from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Dutch names, for Dutch editors; the same names in every language's text.
PLACEHOLDERS = {
    "naam": _("the registrant's name"),
    "titel": _("the event's title"),
    "datum": _("the date in words"),
    "tijd": _("the time"),
    "plaats": _("the place, or the online link"),
    "pagina": _("the link to the event's page"),
    "zelfservice": _("the link to the registrant's own registration"),
    "sessies": _("the registrant's sessions, one per line"),
}
# Placeholders that only one kind of mail can fill, by the kind's `MailLog.Kind` value.
KIND_PLACEHOLDERS = {
    "thank_you": {"link": _("the link of the thank-you mail, only in that mail")},
}
# Every name a text may hold, whatever its mail: what a text field accepts on its own.
ALL_PLACEHOLDERS = {
    **PLACEHOLDERS,
    **{name: text for names in KIND_PLACEHOLDERS.values() for name, text in names.items()},
}


def placeholders_for(kind):
    """Return the placeholders a mail of `kind` fills, {name: description}."""
    return {**PLACEHOLDERS, **KIND_PLACEHOLDERS.get(kind, {})}


def placeholder_help():
    """Return the help text that offers the placeholders by name."""
    names = ", ".join(
        f"{{{name}}} ({description})" for name, description in ALL_PLACEHOLDERS.items()
    )
    return gettext(
        "Placeholders: %(names)s. The date, the place, the links and the calendar file always "
        "follow below your text. A brace itself is typed twice: {{ or }}."
    ) % {"names": names}


placeholder_help_lazy = lazy(placeholder_help, str)


def shown(field, conversion, spec):
    """Return a placeholder as the editor typed it, without its braces."""
    return field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")


def unknown_placeholder_error(name, known):
    suggestion = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.6)
    if suggestion:
        return ValidationError(
            _("Unknown placeholder {%(name)s}. Did you mean {%(suggestion)s}?"),
            code="unknown_placeholder",
            params={"name": name, "suggestion": suggestion[0]},
        )
    return ValidationError(
        _("Unknown placeholder {%(name)s}. Use one of: %(names)s."),
        code="unknown_placeholder",
        params={"name": name, "names": ", ".join(f"{{{n}}}" for n in known)},
    )


def check_text(text, kind=None):
    """Raise a `ValidationError` naming every placeholder of `text` that cannot be filled in
    a mail of `kind`; without a kind, in a mail of any kind (the check of a text field)."""
    known = ALL_PLACEHOLDERS if kind is None else placeholders_for(kind)
    try:
        fields = [
            (field, conversion, spec)
            for _literal, field, spec, conversion in string.Formatter().parse(text)
            if field is not None
        ]
    except ValueError:
        raise ValidationError(
            _(
                "A brace is not closed: write a placeholder as {naam}, and type a brace that "
                "is not part of a placeholder twice ({{ or }})."
            ),
            code="unbalanced_braces",
        ) from None
    errors = []
    for field, conversion, spec in fields:
        if field in known and not conversion and not spec:
            continue
        if not field and not conversion and not spec:
            errors.append(ValidationError(_("Empty placeholder {}."), code="empty_placeholder"))
        else:
            errors.append(unknown_placeholder_error(shown(field, conversion, spec), known))
    if errors:
        raise ValidationError(errors)


def names_in(text):
    """Return the placeholder names of a checked text."""
    return {field for _literal, field, _spec, _conv in string.Formatter().parse(text) if field}


def misplaced_placeholders(text, kind):
    """Return the placeholders of `text` that only another kind of mail than `kind` fills,
    as ValidationErrors; [] for a text that cannot be read (its field says why)."""
    try:
        names = names_in(text)
    except ValueError:
        return []
    return [
        ValidationError(
            _("The placeholder {%(name)s} can only be used in the mail “%(mail)s”."),
            code="placeholder_of_other_mail",
            params={"name": name, "mail": label},
        )
        for other, label in mail_kind_labels().items()
        if other != kind
        for name in sorted(names & set(KIND_PLACEHOLDERS.get(other, {})))
    ]


def mail_kind_labels():
    """Return {kind: label} of the kinds of mail that have placeholders of their own."""
    # Not at module level: the models import this module.
    from cms_events.models import MailLog

    return {kind: MailLog.Kind(kind).label for kind in KIND_PLACEHOLDERS}


def fill(text, values, kind=None):
    """Return `text` with its placeholders filled from `values` ({name: str}).

    Raise a `ValidationError` when the text has a placeholder that a mail of `kind` does not
    offer, so that no mail goes out with a blank or a raw placeholder in it.
    """
    check_text(text, kind)
    known = ALL_PLACEHOLDERS if kind is None else placeholders_for(kind)
    return text.format_map({name: str(values.get(name, "")) for name in known})


def one_line(text):
    """Return `text` on one line: what goes in a mail header can never start a new header."""
    return " ".join(text.split())
