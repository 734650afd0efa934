"""The demo site's own views: search across the site's pages."""

from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Locale, Page


def search(request):
    """Search the live, public pages in the active language; events get their status badge."""
    query = request.GET.get("q", "").strip()[:200]
    results = Page.objects.none()
    if query:
        pages = Page.objects.live().public().filter(locale=Locale.get_active()).specific()
        results = pages.search(query)
    page_number = request.GET.get("pagina")
    page_obj = Paginator(results, 20).get_page(page_number)
    return render(
        request,
        "home/search.html",
        {"query": query, "results": page_obj},
    )
