"""Short links made before they had a language keep leading where they led: the Dutch page."""

import uuid

import pytest

from tests.migration_helpers import back_to_the_latest_migrations, migrate  # noqa: F401

BEFORE = [("cms_events", "0012_form_of_address")]
AFTER = [("cms_events", "0014_short_link_language_required")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("back_to_the_latest_migrations")
def test_existing_short_links_get_the_default_language():
    old = migrate(BEFORE)
    # An installed site always has its default language; an earlier transactional test may
    # have flushed the one the migrations made.
    old.get_model("wagtailcore", "Locale").objects.get_or_create(language_code="nl")
    key = uuid.uuid4()
    old.get_model("cms_events", "ShortLink").objects.create(translation_key=key, code="abc2345")
    new = migrate(AFTER)
    link = new.get_model("cms_events", "ShortLink").objects.get(code="abc2345")
    assert link.locale.language_code == "nl"
    assert link.translation_key == key
