"""Reads of customer files: ``access_file``, the lists, completeness, the register."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from kefu.core.models import AuditEntry
from kefu.files import rules
from kefu.files.errors import (
    AccessNotFound,
    DestructionNotFound,
    FileNotFound,
    HandoverNotFound,
    ImportNotFound,
    ItemNotInFile,
    KindNotFound,
    LoanNotFound,
    NotFileManager,
)
from kefu.files.models import (
    CLASSIFIED,
    AccessApplication,
    AccessKind,
    AccessStatus,
    ChecklistItem,
    Confidentiality,
    CustomerFile,
    FileDestruction,
    FileHandover,
    FileItem,
    FileKind,
    FileLoan,
    FileStatus,
    ImportJob,
    LoanStatus,
)
from kefu.org.models import Absence, PositionAssignment, Site, User
from kefu.org.selectors import user_site_ids

KEEP = "files.keep"  # 客户档案管理员 (seed 000 L145)
ENFORCE = "files.enforce"  # 客户总监 (seed 000 L199)
MANAGE = "files.manage"  # the file manager: reviews the reads, exports and denials
SEE_PERSONAL = "files.see_personal"  # sees phones and ID numbers in full (seed 000 §5.2)
APPROVE_CLASSIFIED = "files.approve_classified"  # 客户服务部经理 (seed 000 L503)
APPROVE_TOP_SECRET = "files.approve_top_secret"  # 总经理 (seed 000 L103, L689)
APPROVE_LOAN = "files.approve_loan"  # 信息管理专员 (seed 000 L513)
APPROVE_DESTRUCTION = "files.approve_destruction"  # 总经理 (seed 000 L693)
ALL_CAPABILITIES = "*"


def held_capabilities(user: User, *, at: datetime | None = None) -> dict[int, set[str]]:
    """Per site id, the capabilities ``user`` holds now: own posts and deputised ones.

    Two queries, cached on the user object for the request. A superuser holds
    ``"*"`` at every site.
    """
    cached = getattr(user, "_kefu_files_caps", None)
    if cached is not None:
        return cached
    held: dict[int, set[str]] = {}
    if not user.is_authenticated:
        return held
    if user.is_superuser:
        held = {site_id: {ALL_CAPABILITIES} for site_id in user_site_ids(user)}
    else:
        at = at or timezone.now()
        for position in PositionAssignment.objects.filter(user=user).values_list(
            "position__site_id", "position__capabilities"
        ):
            held.setdefault(position[0], set()).update(position[1] or [])
        for site_id, caps in Absence.objects.filter(
            deputy=user, starts_at__lte=at, ends_at__gt=at, cancelled_at__isnull=True
        ).values_list("position__site_id", "position__capabilities"):
            held.setdefault(site_id, set()).update(caps or [])
    user._kefu_files_caps = held  # type: ignore[attr-defined]
    return held


def may(user: User, site_id: int, capability: str) -> bool:
    caps = held_capabilities(user).get(site_id, set())
    return capability in caps or ALL_CAPABILITIES in caps


def sites_with(user: User, capability: str) -> set[int]:
    """Ids of the sites where ``user`` holds ``capability`` now."""
    return {site_id for site_id in held_capabilities(user) if may(user, site_id, capability)}


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


def may_read_content(
    user: User,
    file: CustomerFile,
    *,
    level: str | None = None,
    now: datetime | None = None,
    kind: str = AccessKind.READ,
) -> bool:
    """May ``user`` read (or export, ``kind``) the content at ``level`` (default: the file's)?

    普通 and 秘密: anyone at the site. 机密: the file keeper (the dedicated
    custodian, seed 000 L521) and the 客户服务部经理 (L503); 绝密: the keeper and
    the 总经理 (L103, L689). Anyone else needs an approved application of that
    kind, at that level or stricter, that has not expired (seed 000 §5.2 item 2).
    """
    level = level or file.confidentiality
    if level not in CLASSIFIED:
        return True
    if may(user, file.site_id, KEEP):
        return True
    if level == Confidentiality.TOP_SECRET:
        if may(user, file.site_id, APPROVE_TOP_SECRET):
            return True
    elif may(user, file.site_id, APPROVE_CLASSIFIED) or may(user, file.site_id, APPROVE_TOP_SECRET):
        return True
    return access_grant(user, file, level=level, now=now, kind=kind) is not None


def access_grant(
    user: User,
    file: CustomerFile,
    *,
    level: str,
    now: datetime | None = None,
    kind: str = AccessKind.READ,
) -> AccessApplication | None:
    """The user's approved, unexpired application covering ``level``, if any."""
    now = now or timezone.now()
    needed = rules.CONFIDENTIALITY_ORDER.index(level)
    covering = [
        lv for lv in rules.CONFIDENTIALITY_ORDER if rules.CONFIDENTIALITY_ORDER.index(lv) >= needed
    ]
    return (
        AccessApplication.objects.filter(
            file=file,
            applicant=user,
            kind=kind,
            status=AccessStatus.APPROVED,
            level__in=covering,
            valid_until__gt=now,
        )
        .order_by("-valid_until")
        .first()
    )


def access_application_for(user: User, application_id: int | str | None) -> AccessApplication:
    """An application the user made or may decide (at one of their sites), else not found."""
    pk = _pk(application_id)
    application = (
        AccessApplication.objects.filter(pk=pk, site_id__in=user_site_ids(user))
        .select_related("site", "file", "file__kind", "applicant", "decided_by")
        .first()
        if pk is not None
        else None
    )
    if application is None or not (
        application.applicant_id == user.pk or may_decide(user, application)
    ):
        raise AccessNotFound()
    return application


def may_decide(user: User, application: AccessApplication) -> bool:
    capability = rules.approver_capability(application.level)
    return capability is not None and may(user, application.site_id, capability)


def access_applications_for(user: User, *, to_decide: bool = False) -> list[AccessApplication]:
    """The user's own applications, or (``to_decide``) the pending ones they may decide."""
    qs = AccessApplication.objects.select_related(
        "site", "file", "file__kind", "applicant", "decided_by"
    )
    if not to_decide:
        return list(qs.filter(applicant=user)[:100])
    pending = qs.filter(status=AccessStatus.PENDING, site_id__in=user_site_ids(user))
    return [a for a in pending.order_by("created_at", "id")[:200] if may_decide(user, a)]


#: What the file manager reviews (seed 000 §5.2 item 2: every view, export and print).
TRACE_ACTIONS = (
    "files.file_read",
    "files.document_read",
    "files.read_denied",
    "files.access_applied",
    "files.access_decided",
    "files.exported",
    "files.loan_requested",
    "files.loan_decided",
    "files.loan_returned",
)


def access_log_for(user: User, *, site: Site | None = None, action: str = ""):
    """Reads, exports, denials and access decisions at the sites where ``user`` is file
    manager (``files.manage``), newest first, from the one audit trail."""
    site_ids = [sid for sid in user_site_ids(user) if may(user, sid, MANAGE)]
    if not site_ids:
        raise NotFileManager()
    qs = AuditEntry.objects.filter(
        site_id__in=site_ids,
        action__in=[action] if action in TRACE_ACTIONS else TRACE_ACTIONS,
    ).select_related("actor", "site", "target_type")
    if site is not None:
        qs = qs.filter(site=site)
    return qs.order_by("-at", "-id")


def files_of_entries(entries) -> dict[int, CustomerFile]:
    """The files the audit entries point at (entries about other targets are left out)."""
    file_type = ContentType.objects.get_for_model(CustomerFile)
    ids = {e.target_id for e in entries if e.target_type_id == file_type.pk}
    return {f.pk: f for f in CustomerFile.objects.filter(pk__in=ids).only("id", "number")}


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


def loan_list_for(
    user: User, *, open_only: bool = False, overdue_at: datetime | None = None
) -> QuerySet[FileLoan]:
    """《客户资料外借登记册》 of the user's sites; ``overdue_at``: lent and past due then."""
    qs = FileLoan.objects.filter(site_id__in=user_site_ids(user)).select_related(
        "site", "file", "file__kind", "borrower", "decided_by", "returned_to"
    )
    if open_only:
        qs = qs.filter(status__in=[LoanStatus.REQUESTED, LoanStatus.LENT])
    if overdue_at is not None:
        qs = qs.filter(status=LoanStatus.LENT, due_at__lte=overdue_at)
        return qs.order_by("due_at", "id")
    return qs.order_by("-created_at", "-id")


def access_loan(user: User, loan_id: int | str | None) -> FileLoan:
    pk = _pk(loan_id)
    loan = (
        FileLoan.objects.filter(pk=pk, site_id__in=user_site_ids(user))
        .select_related("site", "file", "borrower")
        .first()
        if pk is not None
        else None
    )
    if loan is None:
        raise LoanNotFound()
    return loan


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


# --- hand-over timeliness (seed 000 L197): a figure of the KPI report ------------------


def handover_due_files(site_ids, *, start: datetime, end: datetime, now: datetime):
    """Files whose hand-over deadline falls in ``[start, end)`` and is decided by
    ``now`` (handed over, or still open after it). On time: received by the keeper
    at or before the deadline (以内 includes it, as ``rules.is_late``)."""
    return CustomerFile.objects.filter(
        site_id__in=list(site_ids), handover_due_at__gte=start, handover_due_at__lt=end
    ).filter(Q(handed_over_at__isnull=False) | Q(handover_due_at__lt=now))


def handover_late_files(site_ids, *, start: datetime, end: datetime, now: datetime):
    """The files of ``handover_due_files`` not handed over on time."""
    return handover_due_files(site_ids, start=start, end=end, now=now).exclude(
        handed_over_at__lte=F("handover_due_at")
    )


def handover_timeliness(site_ids, *, start: datetime, end: datetime, now: datetime) -> list[dict]:
    """Per handing department (the kind's ``handed_by``): files due and handed over on
    time, one grouped query (seed 000 L197: 档案移交及时率 per department)."""
    rows = (
        handover_due_files(site_ids, start=start, end=end, now=now)
        .order_by()
        .values("kind__handed_by")
        .annotate(
            due=Count("id"), met=Count("id", filter=Q(handed_over_at__lte=F("handover_due_at")))
        )
    )
    return sorted(
        ({"department": r["kind__handed_by"], "due": r["due"], "met": r["met"]} for r in rows),
        key=lambda r: r["department"],
    )
