import pytest

from kefu.accounts.tests.factories import Distributor


@pytest.fixture
def dist(db):
    return Distributor()
