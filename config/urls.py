"""URLs of the demo site: Dutch without a prefix, English under /en/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms_events import urls as cms_events_urls
from cms_events.api import urls as api_urls
from cms_events.finding import urls as finding_urls
from config import health
from home import views as home_views

urlpatterns = [
    path("health/", health.health, name="health"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include(cms_events_urls)),
    path("", include(api_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("zoeken/", home_views.search, name="search"),
    path("", include(finding_urls)),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
