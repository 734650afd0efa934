"""A version of the published page tree, for what is read from it on every page and can be
kept until it changes (the demo's menu and language switcher, say).

`tree_version()` returns a token that changes whenever a page is saved, published,
unpublished, moved or deleted, a view restriction is added, changed or removed, or a site is
changed: a cache key that contains it is never read after such a change.

Saving a draft (or locking a page) is no such change: it writes only the fields below, which
no visitor sees, and editors save drafts often (Wagtail saves them as they type).
"""

import logging
import secrets

from django.core.cache import cache

KEY = "cms_events:tree-version"

logger = logging.getLogger(__name__)


def tree_version():
    """Return the current version of the page tree (a new one when there is none), or None
    while the cache cannot be reached: the request then goes on, and the health check says so."""
    try:
        version = cache.get(KEY)
        if version is None:
            cache.add(KEY, secrets.token_hex(8), timeout=None)
            version = cache.get(KEY)
    except Exception:
        logger.warning("Cache unavailable: no page tree version")
        return None
    return version


def new_tree_version(**kwargs):
    """Start a new version: everything kept under the old one is forgotten."""
    cache.delete(KEY)


# The fields of a page that saving a draft (with its comments) or (un)locking it writes: what
# visitors see of the tree (live titles, paths, publication) stays as it was.
DRAFT_FIELDS = frozenset(
    {
        "latest_revision_created_at",
        "draft_title",
        "latest_revision",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def new_tree_version_on_page_change(sender, instance, update_fields=None, **kwargs):
    from wagtail.models import Page
    from wagtail.models.pages import COMMENTS_RELATION_NAME

    if not isinstance(instance, Page):
        return
    if update_fields is not None and set(update_fields) <= DRAFT_FIELDS | {COMMENTS_RELATION_NAME}:
        return
    new_tree_version()


def register_signal_handlers():
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(new_tree_version)
    page_unpublished.connect(new_tree_version)
    post_page_move.connect(new_tree_version)
    post_save.connect(new_tree_version_on_page_change)
    post_delete.connect(new_tree_version_on_page_change)
    for model in (PageViewRestriction, Site):
        post_save.connect(new_tree_version, sender=model)
        post_delete.connect(new_tree_version, sender=model)
