"""The bell, the notifications page and the API: only one's own notices."""

import pytest

from kefu.core.tests.api_support import Api, assert_error
from kefu.notify import services
from kefu.notify.models import Notification


@pytest.fixture
def notes(xlm, settings):
    settings.LANGUAGE_CODE = "en"
    chen = xlm["cs_director"]
    mine = [
        services.notify(site=xlm.site, users=[chen], kind="k", subject=f"n{i}", link="/desk/")[0]
        for i in range(3)
    ]
    other = services.notify(site=xlm.site, users=[xlm["gm"]], kind="k", subject="gm")[0]
    return xlm, chen, mine, other


def test_bell_shows_the_unread_count(client, notes):
    _xlm, chen, _mine, _other = notes
    client.force_login(chen)
    page = client.get("/notifications/bell/")
    assert page.status_code == 200
    assert b'class="bell-count">3<' in page.content
    assert b"notify:bell" not in page.content


def test_base_page_has_the_bell(client, notes):
    client.force_login(notes[1])
    assert b"/notifications/bell/" in client.get("/desk/").content


def test_page_lists_my_notices_and_marks_read(client, notes):
    _xlm, chen, mine, other = notes
    client.force_login(chen)
    page = client.get("/notifications/")
    assert b"n0" in page.content and b"gm</strong>" not in page.content
    response = client.post(f"/notifications/{mine[0].pk}/read/")
    assert response.status_code == 302 and response["Location"] == "/desk/"
    assert Notification.objects.get(pk=mine[0].pk).read_at is not None
    assert client.post(f"/notifications/{other.pk}/read/").status_code == 404
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(recipient=chen, read_at__isnull=True).exists()


def test_api_list_count_and_read(notes):
    _xlm, chen, mine, _other = notes
    api = Api(chen)
    body = api.get("/notifications", {"unread": "true"}).json()
    assert body["count"] == 3 and {i["subject"] for i in body["items"]} == {"n0", "n1", "n2"}
    assert api.get("/notifications/unread-count").json() == {"unread": 3}
    read = api.post(f"/notifications/{mine[1].pk}/read")
    assert read.status_code == 200 and read.json()["read_at"]
    assert api.get("/notifications/unread-count").json() == {"unread": 2}
    assert api.post("/notifications/read-all").json() == {"marked": 2}


def test_api_another_person_s_notice_is_not_found(notes):
    _xlm, chen, _mine, other = notes
    before = Notification.objects.filter(read_at__isnull=False).count()
    assert_error(
        Api(chen).post(f"/notifications/{other.pk}/read"), 404, "notify.notification_not_found"
    )
    assert Notification.objects.filter(read_at__isnull=False).count() == before


def test_api_needs_authentication(db):
    assert Api().get("/notifications/unread-count").status_code == 401
