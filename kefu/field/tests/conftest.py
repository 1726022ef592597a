import pytest

from kefu.field.tests.factories import field_site


@pytest.fixture
def gps(db):
    return field_site("gps", "gps_vendor")


@pytest.fixture
def deco(db):
    return field_site("deco", "home_decoration")
