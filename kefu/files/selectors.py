"""Reads of customer files: ``access_file``, the lists, completeness, the register."""

from datetime import datetime

from django.db.models import Prefetch, QuerySet

from kefu.files import rules
from kefu.files.errors import FileNotFound
from kefu.files.models import CustomerFile, FileHandover, FileItem, FileStatus
from kefu.org.models import Site, User
from kefu.org.selectors import user_site_ids


def _pk(value: int | str | None) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def access_file(user: User, file_id: int | str | None) -> CustomerFile:
    """The file if it belongs to one of the user's sites, else ``FileNotFound``.

    This decides visibility only; reading a classified file's content goes
    through the access rules of the confidentiality services.
    """
    pk = _pk(file_id)
    file = (
        CustomerFile.objects.filter(pk=pk, site_id__in=user_site_ids(user))
        .select_related("site", "kind", "customer", "vehicle", "unit", "responsible")
        .first()
        if pk is not None
        else None
    )
    if file is None:
        raise FileNotFound()
    return file


def file_list_for(
    user: User, *, site: Site | None = None, status: str = "", kind_code: str = ""
) -> QuerySet[CustomerFile]:
    qs = CustomerFile.objects.filter(site_id__in=user_site_ids(user)).select_related(
        "site", "kind", "customer", "vehicle", "unit"
    )
    if site is not None:
        qs = qs.filter(site=site)
    if status:
        qs = qs.filter(status=status)
    if kind_code:
        qs = qs.filter(kind__code=kind_code)
    return qs.order_by("-created_at", "-id")


def file_items(file: CustomerFile) -> list[FileItem]:
    return list(file.items.select_related("item").order_by("item__position", "id"))


def file_completeness(file: CustomerFile) -> rules.Completeness:
    """What the file holds and lacks; a file with ``missing`` is 资料不齐."""
    return rules.completeness(
        rules.ItemState(
            code=i.item.code,
            label=i.item.label,
            required=i.item.required,
            present=i.present,
            defect=i.defect,
        )
        for i in file_items(file)
    )


def handover_register_for(site: Site, *, day_from=None, day_to=None) -> QuerySet[FileHandover]:
    """《用户档案签收薄》 of a site, newest first (seed 000 L145: registered daily)."""
    qs = FileHandover.objects.filter(site=site).select_related(
        "file", "file__customer", "file__vehicle", "handed_by", "receiver"
    )
    if day_from is not None:
        qs = qs.filter(handed_at__date__gte=day_from)
    if day_to is not None:
        qs = qs.filter(handed_at__date__lte=day_to)
    return qs


def overdue_files(site: Site, *, now: datetime) -> QuerySet[CustomerFile]:
    """Files still being collected after their hand-over deadline."""
    return (
        CustomerFile.objects.filter(site=site, status=FileStatus.OPEN, handover_due_at__lt=now)
        .select_related("kind", "customer", "vehicle", "responsible")
        .order_by("handover_due_at", "id")
    )


def file_with_items(pk: int) -> CustomerFile:
    return CustomerFile.objects.prefetch_related(
        Prefetch("items", queryset=FileItem.objects.select_related("item"))
    ).get(pk=pk)
