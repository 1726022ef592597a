"""The accounts admin: site-scoped, workflow records read-only, accounts through services."""

import pytest
from django.test import Client

from kefu.accounts.models import BusinessAccount
from kefu.accounts.tests.factories import admitted_partner
from kefu.core.models import AuditEntry
from kefu.customers.tests.factories import CustomerFactory
from kefu.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_admin_lists_and_opens_an_account_through_the_service(dist):
    admin_user = UserFactory(username="root", is_staff=True, is_superuser=True)
    c = Client()
    c.force_login(admin_user)
    admitted_partner(dist)
    for path in (
        "/admin/accounts/businessaccount/",
        "/admin/accounts/partner/",
        "/admin/accounts/partnersnapshot/",
        "/admin/accounts/shipmentrequest/",
        "/admin/accounts/creditentry/",
        "/admin/accounts/creditsetting/",
    ):
        assert c.get(path).status_code == 200, path
    assert c.get("/admin/accounts/partner/add/").status_code == 403
    customer = CustomerFactory(site=dist.site)
    r = c.post(
        "/admin/accounts/businessaccount/add/",
        {"site": dist.site.pk, "customer": customer.pk, "code": "A9", "contract_kind": ""},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    account = BusinessAccount.objects.get(code="A9")
    assert AuditEntry.objects.filter(
        action="accounts.account_opened", target_id=account.pk
    ).exists()
