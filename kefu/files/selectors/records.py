"""Reads of imports, the retention list and the destruction records."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from kefu.files.errors import (
    DestructionNotFound,
    ImportNotFound,
    NotFileManager,
)
from kefu.files.models import (
    CallRecording,
    CustomerFile,
    FileDestruction,
    FileKind,
    FileStatus,
    ImportJob,
    RecordKind,
)
from kefu.files.selectors.base import (
    KEEP,
    MANAGE,
    _pk,
    may,
    sites_with,
)
from kefu.files.selectors.recordings import (
    expired_complaint_records,
    expired_recordings,
    retention_for,
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
    return (
        CustomerFile.objects.filter(site_id__in=managed_site_ids(user), retain_until__lte=today)
        .exclude(status=FileStatus.DESTROYED)
        .select_related("site", "kind")
        .order_by("retain_until", "id")
    )


def managed_site_ids(user: User) -> list[int]:
    """The user's sites where they are the file manager (``files.manage``), or refused."""
    site_ids = [sid for sid in user_site_ids(user) if may(user, sid, MANAGE)]
    if not site_ids:
        raise NotFileManager()
    return site_ids


@dataclass(frozen=True)
class RetentionRow:
    """One line of the retention rules: a record kind at a site and how long it is kept."""

    site: Site
    record_kind: str
    label: str
    period: int | None
    unit: str
    important_permanent: bool
    seed: str


def retention_rules_for(user: User) -> list[RetentionRow]:
    """What the user's managed sites keep how long: each file kind, recordings, complaints."""
    site_ids = managed_site_ids(user)
    rows: list[RetentionRow] = []
    for site in Site.objects.filter(pk__in=site_ids).order_by("code"):
        for kind in FileKind.objects.filter(site=site, is_active=True).order_by("code"):
            rows.append(
                RetentionRow(
                    site, "customer_file", kind.name, kind.retention_years, "years", False,
                    "seed 000 L693",
                )
            )  # fmt: skip
        for record_kind, label in RecordKind.choices:
            r = retention_for(site.pk, record_kind)
            rows.append(
                RetentionRow(
                    site, record_kind, str(label), r.period, r.unit, r.important_permanent, r.seed
                )
            )
    return rows


def expired_recordings_for(user: User, *, today: date) -> QuerySet[CallRecording]:
    """Recordings past retention at the sites ``user`` manages (seed 000 L35)."""
    return expired_recordings(managed_site_ids(user), today=today)


def expired_complaint_records_for(user: User, *, today: date):
    """Complaint records past retention at the sites ``user`` manages (seed 002 L254)."""
    return expired_complaint_records(managed_site_ids(user), today=today)


def destruction_list_for(user: User) -> QuerySet[FileDestruction]:
    return (
        FileDestruction.objects.filter(site_id__in=user_site_ids(user))
        .select_related("site", "file", "recording", "requested_by", "decided_by")
        .order_by("-created_at", "-id")
    )


def access_destruction(user: User, destruction_id: int | str | None) -> FileDestruction:
    pk = _pk(destruction_id)
    record = destruction_list_for(user).filter(pk=pk).first() if pk is not None else None
    if record is None:
        raise DestructionNotFound()
    return record
