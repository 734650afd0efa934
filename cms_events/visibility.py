"""Which pages a visitor may see, asked of the database in the query that lists them.

Wagtail's `PageQuerySet.public()` first loads every view restriction of the site and then
filters on their paths: one query more for every listing on a page. `public()` here asks the
same question as an `EXISTS` subquery, so a listing stays one query.
"""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction


def restricted_sections():
    """Return the view restrictions on the page in the outer query or one of its ancestors."""
    return PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )


def public(pages):
    """Return `pages` without those in a private section, as `pages.public()` does."""
    return pages.filter(~Exists(restricted_sections()))
