"""Reads of customer files: ``access_file``, the lists, completeness, the register."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet

from kefu.files import rules
from kefu.files.errors import (
    FileNotFound,
    HandoverNotFound,
    ItemNotInFile,
    KindNotFound,
)
from kefu.files.models import (
    CLASSIFIED,
    ChecklistItem,
    CustomerFile,
    FileHandover,
    FileItem,
    FileKind,
    FileStatus,
)
from kefu.files.selectors.base import (
    SEE_PERSONAL,
    _pk,
    may,
)
from kefu.org.models import Site, User
from kefu.org.selectors import user_site_ids


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
    user: User,
    *,
    site: Site | None = None,
    status: str = "",
    kind_code: str = "",
    query: str = "",
    missing_only: bool = False,
) -> QuerySet[CustomerFile]:
    """The files of the user's sites, newest first, filtered.

    ``query`` matches the file number, the customer's name or the plate; it
    never matches a classified file's customer (the list shows only that such
    a file exists).
    """
    qs = CustomerFile.objects.filter(site_id__in=user_site_ids(user)).select_related(
        "site", "kind", "customer", "vehicle", "unit"
    )
    if site is not None:
        qs = qs.filter(site=site)
    if status:
        qs = qs.filter(status=status)
    if kind_code:
        qs = qs.filter(kind__code=kind_code)
    if query:
        open_match = Q(customer__name__icontains=query) | Q(vehicle__plate__icontains=query)
        qs = qs.filter(
            Q(number__icontains=query) | (open_match & ~Q(confidentiality__in=CLASSIFIED))
        )
    if missing_only:
        qs = qs.filter(items__item__required=True, items__present=False).distinct()
    return qs.order_by("-created_at", "-id")


@dataclass(frozen=True)
class FileRow:
    """One line of a file list as a viewer may see it.

    A classified file (机密/绝密) shows its number, kind and level only;
    phones and ID numbers are masked unless the viewer holds ``files.see_personal``.
    """

    file: CustomerFile
    hidden: bool
    customer_name: str
    phone: str
    id_number: str
    plate: str


def file_row(user: User, file: CustomerFile, *, readable: bool = False) -> FileRow:
    """``readable``: the viewer has been allowed to read the file (its page, not a list)."""
    if file.confidentiality in CLASSIFIED and not readable:
        return FileRow(file, True, "", "", "", "")
    customer = file.customer
    full = may(user, file.site_id, SEE_PERSONAL)
    return FileRow(
        file,
        False,
        customer.name,
        customer.phone if full else rules.mask_phone(customer.phone),
        customer.id_number if full else rules.mask_id_number(customer.id_number),
        file.vehicle.plate if file.vehicle_id else "",
    )


def file_rows(user: User, files) -> list[FileRow]:
    return [file_row(user, f) for f in files]


def kind_list_for(user: User, *, site: Site | None = None) -> QuerySet[FileKind]:
    qs = FileKind.objects.filter(site_id__in=user_site_ids(user), is_active=True)
    if site is not None:
        qs = qs.filter(site=site)
    return qs.select_related("site").prefetch_related(
        Prefetch("items", queryset=ChecklistItem.objects.order_by("position", "id"))
    )


def access_kind(user: User, kind_id: int | str | None) -> FileKind:
    pk = _pk(kind_id)
    kind = (
        FileKind.objects.filter(pk=pk, site_id__in=user_site_ids(user)).first()
        if pk is not None
        else None
    )
    if kind is None:
        raise KindNotFound()
    return kind


def access_file_item(file: CustomerFile, item_id: int | str | None) -> FileItem:
    pk = _pk(item_id)
    item = (
        FileItem.objects.filter(pk=pk, file=file).select_related("item").first()
        if pk is not None
        else None
    )
    if item is None:
        raise ItemNotInFile()
    return item


def access_handover(user: User, handover_id: int | str | None) -> FileHandover:
    pk = _pk(handover_id)
    line = (
        FileHandover.objects.filter(pk=pk, site_id__in=user_site_ids(user))
        .select_related("site", "file", "file__kind")
        .first()
        if pk is not None
        else None
    )
    if line is None:
        raise HandoverNotFound()
    return line


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


def handover_register_for(
    site: Site | None = None,
    *,
    user: User | None = None,
    day_from=None,
    day_to=None,
    pending_only: bool = False,
) -> QuerySet[FileHandover]:
    """《用户档案签收薄》 of a site (or of the user's sites), newest first (seed 000 L145)."""
    qs = FileHandover.objects.select_related(
        "site", "file", "file__kind", "file__customer", "file__vehicle", "handed_by", "receiver"
    )
    if site is not None:
        qs = qs.filter(site=site)
    if user is not None:
        qs = qs.filter(site_id__in=user_site_ids(user))
    if pending_only:
        qs = qs.filter(received_at__isnull=True)
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
