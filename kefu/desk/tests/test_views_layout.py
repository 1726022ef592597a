"""The page frame: login and lock-out, navigation, language switch, error pages."""

import pytest

from kefu.org.tests.factories import UserFactory


@pytest.fixture
def english(settings):
    """Assertions read the English texts; the page follows LANGUAGE_CODE without a cookie."""
    settings.LANGUAGE_CODE = "en"


def test_login_page_and_a_real_login(xlm, client):
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert 'name="username"' in page.content.decode()
    response = client.post(
        "/accounts/login/", {"username": "chen_cs", "password": "kefu-test-pw"}, follow=True
    )
    assert response.redirect_chain[-1] == ("/desk/", 302)
    assert response.context["user"] == xlm["cs_director"]


def test_five_failed_logins_lock_the_account(xlm, client, english):
    # settings.AXES_FAILURE_LIMIT = 5; the lock-out page says so.
    for _ in range(5):
        client.post("/accounts/login/", {"username": "chen_cs", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "chen_cs", "password": "kefu-test-pw"})
    html = response.content.decode()
    assert response.status_code == 429
    assert "after 5 failed attempts, logging in is blocked" in html
    assert "Try again in 30 minutes" in html


def test_navigation_and_the_admin_link_for_staff(xlm, client, english):
    client.force_login(xlm["cs_director"])
    html = client.get("/desk/").content.decode()
    for href in ['href="/desk/"', 'href="/desk/new/"', 'href="/customers/"', 'href="/api/v1/docs"']:
        assert href in html
    assert 'href="/admin/"' not in html
    assert 'action="/accounts/logout/" method="post"' in html
    client.force_login(UserFactory(username="admin_user", is_staff=True, is_superuser=True))
    assert 'href="/admin/"' in client.get("/desk/").content.decode()


def test_the_page_is_chinese_by_default_and_switches_to_english(xlm, client):
    client.force_login(xlm["cs_director"])
    assert '<html lang="zh-hans">' in client.get("/desk/").content.decode()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/desk/"})
    assert (response.status_code, response["Location"]) == (302, "/desk/")
    html = client.get("/desk/").content.decode()
    assert '<html lang="en">' in html
    assert "New request" in html and "More filters" in html


def test_logout_is_a_post(xlm, client):
    client.force_login(xlm["cs_director"])
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/desk/").status_code == 302
