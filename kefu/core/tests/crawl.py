"""Crawl the pages a logged-in user reaches, one page per view (CSP and XSS tests)."""

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

#: Where the crawl starts: the top bar's pages, the admin and the API docs.
START_PAGES = [
    "/desk/",
    "/desk/new/",
    "/customers/",
    "/complaints/",
    "/visits/",
    "/sales/",
    "/assessment/",
    "/notifications/",
    "/desk/reports/sla/",
    "/portal/online/",
    "/notices/fire-safety/",
    "/notices/rectifications/",
    "/notices/greetings/",
    "/notices/handbooks/",
    "/visits/meetings/",
    "/visits/coverage/",
    "/files/",
    "/files/recordings/",
    "/files/recordings/register/",
    "/files/inspections/",
    "/files/grading/?within=365",
    "/files/retention/",
    "/reports/",
    "/reports/schedules/",
    "/admin/",
    "/api/v1/docs",
]

#: Pages never opened: they act (log out) or answer with a file, not a page.
SKIP_PREFIXES = ("/accounts/logout/", "/i18n/", "/static/", "/media/", "/metrics")
SKIP_SUFFIXES = (".pdf", ".xlsx", ".csv", ".png", ".svg", ".json")
#: At most this many pages of one view (list pages with different filters are one view).
PER_VIEW = 1
MAX_PAGES = 250


def _links(html: str) -> list[str]:
    return re.findall(r'href="(/[^"]*)"', html)


def crawl(
    client: Client,
    starts: list[str],
    *,
    errors: list[str] | None = None,
    html: dict[str, str] | None = None,
) -> dict[str, str]:
    """Breadth-first over same-site links; one URL per view name (admin: a few).

    Returns ``{url: view name}`` of the HTML pages that answered 200; a page that
    answered 5xx is appended to ``errors`` when given, and each page's HTML is
    put in ``html`` (``{url: html}``) when given, so a test reads what the crawl
    fetched instead of fetching every page a second time.
    """
    seen_views: dict[str, int] = {}
    pages: dict[str, str] = {}
    queue = deque(starts)
    visited: set[str] = set()
    while queue and len(pages) < MAX_PAGES:
        url = urldefrag(queue.popleft())[0].replace("&amp;", "&")
        if url in visited or url.startswith(SKIP_PREFIXES):
            continue
        visited.add(url)
        path = urlsplit(url).path
        if path.endswith(SKIP_SUFFIXES):
            continue
        try:
            match = resolve(path)
        except Resolver404:
            continue
        view = match.view_name or match.func.__module__
        if view.startswith("admin:") and not view.endswith(
            ("index", "changelist", "change", "add", "app_list")
        ):
            continue
        if seen_views.get(view, 0) >= PER_VIEW:
            continue
        response = client.get(url)
        if response.status_code >= 500 and errors is not None:
            errors.append(f"{url}: {response.status_code}")
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        seen_views[view] = seen_views.get(view, 0) + 1
        content = response.content.decode()
        pages[url] = view
        if html is not None:
            html[url] = content
        queue.extend(link for link in _links(content) if link not in visited)
    return pages
