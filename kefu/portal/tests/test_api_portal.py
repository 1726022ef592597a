"""/api/v1/portal: the desk lists unconfirmed identities and matches them."""

import pytest

from kefu.core.tests.api_support import Api, assert_error, audit_mark, audit_since
from kefu.customers.tests.factories import CustomerFactory
from kefu.portal.models import PortalRequest
from kefu.portal.tests.helpers import report, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def unconfirmed(client, portal, sms) -> PortalRequest:
    sign_in(client, portal, sms, phone="13700137000")
    report(client, portal.site_link)
    return PortalRequest.objects.get()


def test_list_and_match(pmc, portal, unconfirmed, django_assert_max_num_queries):
    api = Api(pmc["cs_director"])
    with django_assert_max_num_queries(8):
        body = api.get("/portal/unconfirmed").json()
    assert body["count"] == 1 and body["items"][0]["phone"] == "13700137000"
    response = api.post(
        f"/portal/requests/{unconfirmed.pk}/match", {"customer_id": portal.other.pk}
    )
    assert response.status_code == 200, response.content
    assert response.json()["identity_confirmed"] is True
    assert api.get("/portal/unconfirmed").json()["count"] == 0


def test_match_another_sites_request_is_not_found(xlm, portal, unconfirmed):
    api = Api(xlm["cs_director"])
    mark = audit_mark()
    assert_error(
        api.post(f"/portal/requests/{unconfirmed.pk}/match", {"customer_id": portal.other.pk}),
        404,
        "portal.request_not_found",
    )
    assert audit_since(mark) == []


def test_match_a_customer_of_another_site_is_refused(pmc, xlm, portal, unconfirmed):
    stranger = CustomerFactory(site=xlm.site)
    api = Api(pmc["cs_director"])
    mark = audit_mark()
    response = api.post(f"/portal/requests/{unconfirmed.pk}/match", {"customer_id": stranger.pk})
    assert response.status_code == 404
    unconfirmed.refresh_from_db()
    assert not unconfirmed.identity_confirmed and audit_since(mark) == []


def test_match_without_the_right_is_forbidden(pmc, portal, unconfirmed):
    from kefu.org.tests.factories import UserFactory

    nobody = UserFactory(positions=[pmc.position("technician")])
    api = Api(nobody)
    mark = audit_mark()
    response = api.post(
        f"/portal/requests/{unconfirmed.pk}/match", {"customer_id": portal.other.pk}
    )
    assert response.status_code == 403
    assert audit_since(mark) == []
