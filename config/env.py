"""Small helpers that read settings from environment variables."""

import os


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def media_storage(environ: dict[str, str] | None = None) -> dict:
    """The ``STORAGES["default"]`` entry for scans, photos and recordings.

    ``KEFU_MEDIA_STORAGE`` unset or ``local``: the file system under ``MEDIA_ROOT``
    (the demo; a shared volume when several machines serve kefu). ``s3``: any
    S3-compatible object store through django-storages (``pip install -e '.[s3]'``),
    configured by ``KEFU_S3_BUCKET``, ``KEFU_S3_ENDPOINT_URL`` (MinIO, Ceph, OSS,
    COS, …; empty for AWS), ``KEFU_S3_REGION``, ``KEFU_S3_ACCESS_KEY`` and
    ``KEFU_S3_SECRET_KEY``. Objects stay private: links are signed and expire, and
    an upload never overwrites an existing name.
    """
    environ = os.environ if environ is None else environ
    kind = environ.get("KEFU_MEDIA_STORAGE", "local").strip().lower() or "local"
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ValueError(f"KEFU_MEDIA_STORAGE must be 'local' or 's3', not {kind!r}")
    bucket = environ.get("KEFU_S3_BUCKET", "")
    if not bucket:
        raise ValueError("KEFU_MEDIA_STORAGE=s3 needs KEFU_S3_BUCKET")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": environ.get("KEFU_S3_ENDPOINT_URL") or None,
            "region_name": environ.get("KEFU_S3_REGION") or None,
            "access_key": environ.get("KEFU_S3_ACCESS_KEY") or None,
            "secret_key": environ.get("KEFU_S3_SECRET_KEY") or None,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
            "location": environ.get("KEFU_S3_PREFIX", "media"),
        },
    }
