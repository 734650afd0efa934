"""A front-end cache backend for the tests: it keeps the URLs it is asked to purge."""

from wagtail.contrib.frontend_cache.backends import BaseBackend


class RecordingBackend(BaseBackend):
    """Record purged URLs in `RecordingBackend.purged` instead of calling a cache."""

    purged = []

    def purge(self, url):
        type(self).purged.append(url)
