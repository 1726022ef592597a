"""The Content-Security-Policy holds on every page, in Chromium.

The demo is loaded (the ``demo`` fixture), the demo superuser's session crawls
every page it can reach from the top bar with Django's test client, one page per
view, and Chromium opens each of them with the policy in force. Any violation — an inline
script or style, an ``on…`` handler, a ``javascript:`` link, something from
another origin — is reported by the browser as a ``securitypolicyviolation``
event or a console error, and fails the test with the page and what was refused.

Skips when Debian's ``chromium`` is not installed.
"""

from django.test import Client

from kefu.core.demo import DEMO_SUPERUSER
from kefu.core.tests.browser import E2E_MARKS, login
from kefu.core.tests.crawl import START_PAGES, crawl

pytestmark = E2E_MARKS

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") +
                    " @" + (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


def test_every_page_satisfies_the_content_security_policy(
    live_server, transactional_db, demo, browser
):
    client = Client()
    client.force_login(_demo_user())
    pages = crawl(client, START_PAGES)
    # The crawl reaches the lists and at least one record page of each app.
    assert len(pages) >= 30, pages
    response = client.get("/desk/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy

    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15_000)
    console: list[str] = []
    page.on(
        "console",
        lambda msg: (
            console.append(msg.text)
            if "Content Security Policy" in msg.text or "Refused to" in msg.text
            else None
        ),
    )
    login(page, live_server.url, DEMO_SUPERUSER, _demo_password())
    failures = {}
    for url, view in pages.items():
        console.clear()
        page.goto(live_server.url + url, wait_until="load")
        page.wait_for_timeout(50)
        found = page.evaluate("window.__csp || []") + list(console)
        if found:
            failures[f"{url} ({view})"] = found
    context.close()
    assert not failures, failures


def _demo_user():
    from kefu.org.models import User

    return User.objects.get(username=DEMO_SUPERUSER)


def _demo_password() -> str:
    from kefu.core.demo import DEMO_PASSWORD

    return DEMO_PASSWORD
