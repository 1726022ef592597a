"""Reads of imports, the retention list and the destruction records."""

from django.db.models import QuerySet

from kefu.files.errors import (
    DestructionNotFound,
    ImportNotFound,
    NotFileManager,
)
from kefu.files.models import (
    CustomerFile,
    FileDestruction,
    FileStatus,
    ImportJob,
)
from kefu.files.selectors.base import (
    KEEP,
    MANAGE,
    _pk,
    may,
    sites_with,
)
from kefu.org.models import Site, User
from kefu.org.selectors import user_site_ids


def import_list_for(user: User) -> QuerySet[ImportJob]:
    return (
        ImportJob.objects.filter(site_id__in=user_site_ids(user))
        .select_related("site", "created_by")
        .defer("errors", "preview")
        .order_by("-created_at", "-id")
    )


def access_import(user: User, job_id: int | str | None) -> ImportJob:
    pk = _pk(job_id)
    job = (
        ImportJob.objects.filter(pk=pk, site_id__in=user_site_ids(user))
        .select_related("site", "created_by")
        .first()
        if pk is not None
        else None
    )
    if job is None:
        raise ImportNotFound()
    return job


def keeper_sites(user: User) -> list[Site]:
    """The sites where ``user`` keeps the files (``files.keep``): where they may import."""
    return list(Site.objects.filter(pk__in=sites_with(user, KEEP)).order_by("code"))


def expired_files(user: User, *, today) -> QuerySet[CustomerFile]:
    """Files whose retention ended by ``today`` at the sites ``user`` manages (the retention
    list, seed 000 L531, L693); a file with a pending destruction is still listed."""
    site_ids = [sid for sid in user_site_ids(user) if may(user, sid, MANAGE)]
    if not site_ids:
        raise NotFileManager()
    return (
        CustomerFile.objects.filter(site_id__in=site_ids, retain_until__lte=today)
        .exclude(status=FileStatus.DESTROYED)
        .select_related("site", "kind")
        .order_by("retain_until", "id")
    )


def destruction_list_for(user: User) -> QuerySet[FileDestruction]:
    return (
        FileDestruction.objects.filter(site_id__in=user_site_ids(user))
        .select_related("site", "file", "requested_by", "decided_by")
        .order_by("-created_at", "-id")
    )


def access_destruction(user: User, destruction_id: int | str | None) -> FileDestruction:
    pk = _pk(destruction_id)
    record = destruction_list_for(user).filter(pk=pk).first() if pk is not None else None
    if record is None:
        raise DestructionNotFound()
    return record
