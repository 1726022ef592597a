import pytest

from kefu.notices.services import notice_preset_apply
from kefu.notices.tests.factories import tenants


@pytest.fixture
def pmc(pmc):
    """The property centre with the notice preset applied (seed 000 [TEN])."""
    notice_preset_apply(actor=None, site=pmc.site, key="property_centre")
    for user in pmc.users.values():
        user.refresh_from_db()
    return pmc


@pytest.fixture
def people(pmc):
    return tenants(pmc.site)
