"""Where scans, photos and recordings go: local disk by default, S3 by setting."""

import pytest

from config.env import media_storage


def test_local_disk_is_the_default():
    assert media_storage({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert media_storage({"KEFU_MEDIA_STORAGE": "local"})["BACKEND"].endswith("FileSystemStorage")


def test_s3_compatible_storage_by_setting():
    config = media_storage(
        {
            "KEFU_MEDIA_STORAGE": "S3",
            "KEFU_S3_BUCKET": "kefu-media",
            "KEFU_S3_ENDPOINT_URL": "http://minio.internal:9000",
            "KEFU_S3_ACCESS_KEY": "key",
            "KEFU_S3_SECRET_KEY": "secret",
        }
    )
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    options = config["OPTIONS"]
    assert options["bucket_name"] == "kefu-media"
    assert options["endpoint_url"] == "http://minio.internal:9000"
    assert (options["access_key"], options["secret_key"]) == ("key", "secret")
    # Customer files are confidential: never public, never overwritten.
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert options["file_overwrite"] is False
    assert options["region_name"] is None  # unset is "the SDK's default", not ""


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"KEFU_MEDIA_STORAGE": "ftp"}, "must be 'local' or 's3'"),
        ({"KEFU_MEDIA_STORAGE": "s3"}, "needs KEFU_S3_BUCKET"),
    ],
)
def test_a_wrong_storage_setting_stops_the_start(environ, message):
    with pytest.raises(ValueError, match=message):
        media_storage(environ)
