"""The demo site's own views: search across the site's pages."""

from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Page

from cms_events.locales import active_locale


def search_terms(query):
    """Return the words to search for in `query`.

    Wagtail's SQLite backend puts each word in double quotes for FTS5 without escaping the
    quotes inside it: a `"` in the query ended in a syntax error (a 500). Words are searched
    for one by one anyway, so the quotes go.
    """
    return query.replace('"', " ").strip()


def search(request):
    """Search the live, public pages in the active language; events get their status badge."""
    query = request.GET.get("q", "").strip()[:200]
    results = Page.objects.none()
    terms = search_terms(query)
    if terms:
        # The search backend filters on indexed fields only: Wagtail's own public() here.
        pages = Page.objects.live().public().filter(locale=active_locale(request)).specific()
        results = pages.search(terms)
    page_number = request.GET.get("pagina")
    page_obj = Paginator(results, 20).get_page(page_number)
    return render(
        request,
        "home/search.html",
        {"query": query, "results": page_obj},
    )
