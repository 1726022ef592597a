import pytest

from kefu.files.tests.factories import make_dealer, recording_centre


@pytest.fixture
def dealer(db):
    return make_dealer()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def centre(pmc):
    return recording_centre(pmc)
