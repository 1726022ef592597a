"""Customer files: open them, check their checklists, add scans, hand them over.

What the app owns (seed 000 §2.2, §3.12): one file per customer, or per vehicle
at a dealer (一车一档, L137); its checklist per kind (L155–181); the scans in
Django's default storage; 《用户档案签收薄》 with the hander's and the file
keeper's confirmations and the 资料不齐 note (L145, L153, L179); the hand-over
deadline on the site's working calendar (T4–T6); and the fines of F1–F5b into
the one penalty ledger, with E3's daily repeat until corrected (L183–201).

Every write here is one function: keyword-only, an explicit ``actor``, atomic,
one ``AuditEntry``.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone

from kefu.assessment.services import ledger_entry_record
from kefu.calendar.selectors import work_calendar_for
from kefu.core.errors import InvalidInput
from kefu.core.services import audit_record, diff, snapshot
from kefu.customers.models import Customer, Unit, Vehicle
from kefu.files import errors, rules
from kefu.files.models import (
    ChecklistItem,
    Confidentiality,
    CustomerFile,
    FileDocument,
    FileHandover,
    FileItem,
    FileKind,
    FileStatus,
    FileViolation,
    ItemDefect,
)
from kefu.files.policies import FILE_RULE_CODES
from kefu.files.presets import KIND_PRESETS
from kefu.files.selectors import ENFORCE, KEEP
from kefu.org.models import Site, User
from kefu.org.selectors import capability_grant

DEFAULT_SCAN_MAX_BYTES = 20 * 1024 * 1024


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _require(actor: User | None, site: Site, capability: str, error: type, at: datetime) -> None:
    """System calls (``actor=None``) pass; people need the capability at the site."""
    if actor is None:
        return
    if capability_grant(user=actor, site=site, capability=capability, at=at) is None:
        raise error()


def _lock_file(file: CustomerFile) -> CustomerFile:
    return CustomerFile.objects.select_for_update(of=("self",)).get(pk=file.pk)


# --- kinds and presets ---------------------------------------------------------


@transaction.atomic
def file_kind_preset_apply(*, actor: User | None, site: Site, key: str) -> FileKind:
    """Create or refresh a site's file kind from ``KIND_PRESETS[key]`` and its checklist.

    Items already configured keep their edits; missing preset items are added.
    """
    preset = KIND_PRESETS.get(key)
    if preset is None:
        raise errors.PresetUnknown()
    fields = {k: v for k, v in preset.items() if k != "items"}
    kind, created = FileKind.objects.get_or_create(
        site=site, code=key, defaults={**fields, "preset_key": key}
    )
    existing = set(kind.items.values_list("code", flat=True))
    for position, spec in enumerate(preset["items"], start=1):
        if spec["code"] in existing:
            continue
        ChecklistItem.objects.create(
            kind=kind,
            position=position,
            code=spec["code"],
            label=spec["label"],
            hint=spec.get("hint", ""),
            required=spec.get("required", True),
            needs_signature=spec.get("signed", False),
        )
    audit_record(
        actor=actor,
        action="files.kind_preset_applied",
        target=kind,
        site=site,
        changes={"preset": [None, key], "created": [None, created]},
    )
    return kind


# --- files ---------------------------------------------------------------------


def _due_at(kind: FileKind, sold_at: datetime | None, delivered_at: datetime | None, site: Site):
    """T4–T6: the hand-over deadline in working days on the site's calendar."""
    if kind.deadline_working_days is None:
        return None
    start = rules.deadline_start(
        start=kind.deadline_start, sold_at=sold_at, delivered_at=delivered_at
    )
    if start is None:
        return None
    return work_calendar_for(site).add_working_days(start, kind.deadline_working_days).at


def file_open(
    *,
    actor: User | None,
    site: Site,
    kind: FileKind,
    customer: Customer,
    vehicle: Vehicle | None = None,
    unit: Unit | None = None,
    responsible: User | None = None,
    sold_at: datetime | None = None,
    delivered_at: datetime | None = None,
    confidentiality: str = Confidentiality.ORDINARY,
    cabinet: str = "",
    shelf_position: str = "",
    keyed_data: dict[str, Any] | None = None,
) -> CustomerFile:
    """Open a customer's (or a vehicle's) file with an empty checklist of its kind.

    seed 000 L137 (一车一档): a per-vehicle kind needs the vehicle, and a vehicle
    or customer has one live file per kind. The hand-over deadline is computed
    from the sale or delivery on the site's working calendar (L153, L179, L183).
    """
    if kind.site_id != site.pk:
        raise errors.KindNotFound()
    if customer.site_id != site.pk or any(
        obj is not None and obj.site_id != site.pk for obj in (vehicle, unit)
    ):
        raise errors.WrongSite()
    if vehicle is not None and vehicle.customer_id != customer.pk:
        raise errors.WrongSite()
    if kind.per_vehicle and vehicle is None:
        raise errors.VehicleRequired()
    if confidentiality not in Confidentiality.values:
        raise InvalidInput(code="files.confidentiality_invalid")
    try:
        with transaction.atomic():
            locked = FileKind.objects.select_for_update(of=("self",)).get(pk=kind.pk)
            number = f"{locked.code.upper()}-{locked.next_number:06d}"
            FileKind.objects.filter(pk=kind.pk).update(next_number=locked.next_number + 1)
            file = CustomerFile.objects.create(
                site=site,
                kind=kind,
                number=number,
                customer=customer,
                vehicle=vehicle,
                unit=unit,
                responsible=responsible,
                sold_at=sold_at,
                delivered_at=delivered_at,
                handover_due_at=_due_at(kind, sold_at, delivered_at, site),
                confidentiality=confidentiality,
                cabinet=cabinet,
                shelf_position=shelf_position,
                keyed_data=keyed_data or {},
                # seed 000 L693: customer files are kept 10 years (the kind's setting)
                retain_until=rules.retain_until(
                    start=timezone.localdate(), years=kind.retention_years
                ),
            )
            FileItem.objects.bulk_create(
                [FileItem(file=file, item=item) for item in kind.items.all()]
            )
            audit_record(
                actor=actor,
                action="files.file_opened",
                target=file,
                site=site,
                changes={
                    "number": [None, number],
                    "kind": [None, kind.code],
                    "handover_due_at": [None, rules_iso(file.handover_due_at)],
                },
            )
    except IntegrityError:
        raise errors.FileExists() from None
    return file


def rules_iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


FILE_EDITABLE = [
    "responsible",
    "sold_at",
    "delivered_at",
    "cabinet",
    "shelf_position",
    "keyed_data",
    "confidentiality",
]


@transaction.atomic
def file_update(*, actor: User | None, file: CustomerFile, **changes: Any) -> CustomerFile:
    """Change the file's data, place or dates; a new sale/delivery date moves the deadline."""
    unknown = set(changes) - set(FILE_EDITABLE)
    if unknown:
        raise InvalidInput(code="files.field_not_editable", fields={k: ["?"] for k in unknown})
    if "confidentiality" in changes and changes["confidentiality"] not in Confidentiality.values:
        raise InvalidInput(code="files.confidentiality_invalid")
    file = _lock_file(file)
    if file.status == FileStatus.DESTROYED:
        raise errors.FileClosed()
    fields = [*changes, "handover_due_at"]
    before = snapshot(file, fields)
    for name, value in changes.items():
        setattr(file, name, value)
    file.handover_due_at = _due_at(file.kind, file.sold_at, file.delivered_at, file.site)
    file.save(update_fields=[*fields, "updated_at"])
    audit_record(
        actor=actor,
        action="files.file_updated",
        target=file,
        site=file.site,
        changes=diff(before, snapshot(file, fields)),
    )
    return file


# --- checklist -----------------------------------------------------------------


def file_item_check(
    *,
    actor: User | None,
    file_item: FileItem,
    present: bool,
    defect: str = "",
    note: str = "",
    now: datetime | None = None,
) -> FileItem:
    """The keeper records an item as present, missing or defective (seed 000 L153 step 3).

    Completing an item corrects the open violations about it (E3 stops, L201).
    """
    at = _now(now)
    file = file_item.file
    _require(actor, file.site, KEEP, errors.NotKeeper, at)
    if defect not in ItemDefect.values:
        raise InvalidInput(code="files.defect_invalid", fields={"defect": ["?"]})
    with transaction.atomic():
        file = _lock_file(file)
        if file.status == FileStatus.DESTROYED:
            raise errors.FileClosed()
        item = FileItem.objects.select_for_update(of=("self",)).get(pk=file_item.pk)
        fields = ["present", "defect", "note"]
        before = snapshot(item, fields)
        item.present, item.defect, item.note = present, defect, note
        item.checked_by, item.checked_at = actor, at
        item.save(update_fields=[*fields, "checked_by", "checked_at", "updated_at"])
        if item.complete:
            _violations_correct(actor=actor, qs=FileViolation.objects.filter(file_item=item), at=at)
        audit_record(
            actor=actor,
            action="files.item_checked",
            target=file,
            site=file.site,
            changes=diff(before, snapshot(item, fields)),
            note=item.item.code,
            at=at,
        )
    return item


def _scan_limit() -> int:
    return int(getattr(settings, "KEFU_FILES_SCAN_MAX_BYTES", DEFAULT_SCAN_MAX_BYTES))


def file_document_add(
    *,
    actor: User | None,
    file: CustomerFile,
    upload: File,
    title: str = "",
    file_item: FileItem | None = None,
    confidentiality: str = Confidentiality.ORDINARY,
) -> FileDocument:
    """Store a scan of the file through ``default_storage`` (seed 000 L153 step 4).

    The content must match the extension (PDF, JPEG, PNG, TIFF, checked by the
    first bytes) and stay under ``KEFU_FILES_SCAN_MAX_BYTES``; otherwise nothing
    is stored.
    """
    _require(actor, file.site, KEEP, errors.NotKeeper, timezone.now())
    if file_item is not None and file_item.file_id != file.pk:
        raise errors.ItemNotInFile()
    if confidentiality not in Confidentiality.values:
        raise InvalidInput(code="files.confidentiality_invalid")
    size = upload.size or 0
    if size == 0:
        raise errors.ScanEmpty()
    if size > _scan_limit():
        raise errors.ScanTooLarge()
    name = upload.name.rsplit("/", 1)[-1]
    upload.seek(0)
    content_type = rules.scan_content_type(name, upload.read(16))
    if content_type is None:
        raise errors.ScanTypeMismatch()
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    stored: FileDocument | None = None
    try:
        with transaction.atomic():
            file = _lock_file(file)
            if file.status == FileStatus.DESTROYED:
                raise errors.FileClosed()
            stored = FileDocument(
                file=file,
                item=file_item,
                title=title or (file_item.item.label if file_item else name),
                content_type=content_type,
                size_bytes=size,
                sha256=digest.hexdigest(),
                confidentiality=confidentiality,
                uploaded_by=actor,
            )
            stored.scan.save(name, upload, save=False)
            stored.save()
            audit_record(
                actor=actor,
                action="files.document_added",
                target=file,
                site=file.site,
                changes={"document": [None, stored.pk], "sha256": [None, stored.sha256]},
                note=stored.title,
            )
    except Exception:
        if stored is not None and stored.scan.name:
            stored.scan.storage.delete(stored.scan.name)
        raise
    return stored


# --- hand-over register 《用户档案签收薄》 ---------------------------------------


def handover_register(
    *,
    actor: User,
    file: CustomerFile,
    receiver: User | None = None,
    note: str = "",
    now: datetime | None = None,
) -> FileHandover:
    """The hander (sales or after-sales) enters and confirms a line of the register.

    The documents handed over and the missing ones come from the checklist; a
    file handed over incomplete is marked 资料不齐 (seed 000 L153, L179).
    """
    at = _now(now)
    try:
        with transaction.atomic():
            file = _lock_file(file)
            if file.status == FileStatus.DESTROYED:
                raise errors.FileClosed()
            state = _completeness(file)
            line = FileHandover.objects.create(
                site=file.site,
                file=file,
                department=file.kind.handed_by,
                handed_by=actor,
                handed_at=at,
                receiver=receiver,
                documents=[i.item.code for i in file.items.select_related("item") if i.complete],
                missing=[m.label for m in state.missing],
                incomplete=not state.is_complete,
                due_at=file.handover_due_at,
                note=note,
            )
            audit_record(
                actor=actor,
                action="files.handover_registered",
                target=file,
                site=file.site,
                changes={"handover": [None, line.pk], "incomplete": [None, line.incomplete]},
                note="; ".join(line.missing),
                at=at,
            )
    except IntegrityError:
        raise errors.HandoverOpen() from None
    return line


def handover_receive(
    *, actor: User, handover: FileHandover, now: datetime | None = None
) -> FileHandover:
    """The file keeper confirms receipt: the second signature of the register line.

    A receipt after the deadline charges the kind's late rule (F1 / F4) to the
    hander, unless the overdue scan already charged it, which is now corrected;
    each required item missing or defective charges its rule (F2, F5, F5a, F5b)
    and stays open until the item is completed (E3, seed 000 L201).
    """
    at = _now(now)
    _require(actor, handover.site, KEEP, errors.NotKeeper, at)
    with transaction.atomic():
        file = _lock_file(handover.file)
        line = FileHandover.objects.select_for_update(of=("self",)).get(pk=handover.pk)
        if line.received_at is not None:
            raise errors.HandoverNotOpen()
        line.receiver, line.received_at = actor, at
        line.on_time = None if line.due_at is None else not rules.is_late(at, line.due_at)
        line.save(update_fields=["receiver", "received_at", "on_time", "updated_at"])
        first = file.handed_over_at is None
        file.status, file.handed_over_at = FileStatus.HANDED_OVER, file.handed_over_at or at
        file.save(update_fields=["status", "handed_over_at", "updated_at"])
        kind = file.kind
        late = FileViolation.objects.filter(file=file, rule=kind.late_rule, file_item=None)
        if first and line.on_time is False and kind.late_rule and not late.exists():
            _violation_record(
                actor=actor,
                file=file,
                person=line.handed_by,
                rule=kind.late_rule,
                occurred_at=at,
                corrected_at=at,
            )
        _violations_correct(actor=actor, qs=late, at=at)
        for file_item in file.items.select_related("item"):
            rule = _item_rule(kind, file_item)
            if (
                rule
                and not FileViolation.objects.filter(
                    file_item=file_item, corrected_at__isnull=True
                ).exists()
            ):
                _violation_record(
                    actor=actor,
                    file=file,
                    person=line.handed_by,
                    rule=rule,
                    occurred_at=at,
                    file_item=file_item,
                )
        audit_record(
            actor=actor,
            action="files.handover_received",
            target=file,
            site=file.site,
            changes={"handover": [None, line.pk], "on_time": [None, line.on_time]},
            at=at,
        )
    return line


def _item_rule(kind: FileKind, file_item: FileItem) -> str:
    """Which rule a required item that is not complete charges, or '' for none."""
    if not file_item.item.required or file_item.complete:
        return ""
    if file_item.defect == ItemDefect.CUSTOMER_SIGNATURE:
        return kind.customer_signature_rule or kind.incomplete_rule
    if file_item.defect == ItemDefect.STAFF_SIGNATURE:
        return kind.staff_signature_rule or kind.incomplete_rule
    return kind.incomplete_rule


def _completeness(file: CustomerFile) -> rules.Completeness:
    return rules.completeness(
        rules.ItemState(
            code=i.item.code,
            label=i.item.label,
            required=i.item.required,
            present=i.present,
            defect=i.defect,
        )
        for i in file.items.select_related("item")
    )


# --- violations and the ledger ---------------------------------------------------


def _correction_due(site: Site, at: datetime) -> datetime:
    """L201: corrected within one working day, or it counts again."""
    return work_calendar_for(site).add_working_days(at, 1).at


def _violation_record(
    *,
    actor: User | None,
    file: CustomerFile,
    person: User,
    rule: str,
    occurred_at: datetime,
    file_item: FileItem | None = None,
    corrected_at: datetime | None = None,
    note: str = "",
) -> FileViolation:
    violation = FileViolation.objects.create(
        site=file.site,
        file=file,
        file_item=file_item,
        person=person,
        rule=rule,
        occurred_at=occurred_at,
        correction_due_at=_correction_due(file.site, occurred_at),
        corrected_at=corrected_at,
        note=note,
    )
    ledger_entry_record(
        actor=actor,
        site=file.site,
        person=person,
        rule=rule,
        occurred_at=occurred_at,
        source=violation,
        reason=f"{file.number} {file_item.item.label if file_item else ''}".strip(),
        dedupe_key=f"files.violation:{violation.pk}:0",
    )
    audit_record(
        actor=actor,
        action="files.violation_recorded",
        target=file,
        site=file.site,
        changes={"rule": [None, rule], "person": [None, person.pk]},
        note=note,
        at=occurred_at,
    )
    return violation


def file_violation_record(
    *,
    actor: User,
    file: CustomerFile,
    person: User,
    rule: str,
    occurred_at: datetime | None = None,
    file_item: FileItem | None = None,
    corrected: bool = False,
    note: str = "",
) -> FileViolation:
    """The customer director records a violation by hand (e.g. F3, F6; seed 000 L187, L199)."""
    at = _now(occurred_at)
    _require(actor, file.site, ENFORCE, errors.NotEnforcer, at)
    if rule not in FILE_RULE_CODES:
        raise errors.RuleNotAllowed()
    if file_item is not None and file_item.file_id != file.pk:
        raise errors.ItemNotInFile()
    with transaction.atomic():
        file = _lock_file(file)
        return _violation_record(
            actor=actor,
            file=file,
            person=person,
            rule=rule,
            occurred_at=at,
            file_item=file_item,
            corrected_at=at if corrected else None,
            note=note,
        )


def _violations_correct(*, actor: User | None, qs, at: datetime) -> int:
    count = 0
    for violation in qs.filter(corrected_at__isnull=True).select_for_update(of=("self",)):
        violation.corrected_at = at
        violation.save(update_fields=["corrected_at", "updated_at"])
        audit_record(
            actor=actor,
            action="files.violation_corrected",
            target=violation,
            site=violation.site,
            changes={"corrected_at": [None, at.isoformat()]},
            at=at,
        )
        count += 1
    return count


def file_violation_correct(
    *, actor: User, violation: FileViolation, now: datetime | None = None
) -> FileViolation:
    """The customer director records that a violation was put right (stops E3)."""
    at = _now(now)
    _require(actor, violation.site, ENFORCE, errors.NotEnforcer, at)
    with transaction.atomic():
        _violations_correct(actor=actor, qs=FileViolation.objects.filter(pk=violation.pk), at=at)
    violation.refresh_from_db()
    return violation


def files_overdue_scan(*, now: datetime | None = None) -> int:
    """Charge the late rule for files not handed over by their deadline (F1, F4).

    The violation occurs at the deadline and stays open until the keeper
    confirms receipt; ``file_violations_repeat`` then counts it again every
    working day (E3). Idempotent: a file is charged once.
    """
    at = _now(now)
    count = 0
    overdue = (
        CustomerFile.objects.filter(
            status=FileStatus.OPEN, handover_due_at__lt=at, responsible__isnull=False
        )
        .exclude(kind__late_rule="")
        .select_related("kind", "site", "responsible")
    )
    for file in overdue:
        with transaction.atomic():
            locked = _lock_file(file)
            if (
                locked.status != FileStatus.OPEN
                or FileViolation.objects.filter(
                    file=locked, rule=file.kind.late_rule, file_item=None
                ).exists()
            ):
                continue
            _violation_record(
                actor=None,
                file=file,
                person=file.responsible,
                rule=file.kind.late_rule,
                occurred_at=file.handover_due_at,
            )
            count += 1
    return count


def file_violations_repeat(*, now: datetime | None = None) -> int:
    """E3 (seed 000 L201): each working day a violation stays uncorrected, it counts again.

    Catches up on missed days; the ledger's dedupe key makes a re-run harmless.
    """
    at = _now(now)
    count = 0
    due = FileViolation.objects.filter(corrected_at__isnull=True, correction_due_at__lt=at)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            violation = (
                FileViolation.objects.select_for_update(of=("self",))
                .select_related("site", "file", "person")
                .get(pk=pk)
            )
            while violation.corrected_at is None and violation.correction_due_at < at:
                repeat_at = violation.correction_due_at
                violation.repeats += 1
                ledger_entry_record(
                    actor=None,
                    site=violation.site,
                    person=violation.person,
                    rule=violation.rule,
                    occurred_at=repeat_at,
                    source=violation,
                    reason=f"{violation.file.number} E3 ×{violation.repeats}",
                    dedupe_key=f"files.violation:{violation.pk}:{violation.repeats}",
                )
                violation.correction_due_at = _correction_due(violation.site, repeat_at)
                audit_record(
                    actor=None,
                    action="files.violation_repeated",
                    target=violation,
                    site=violation.site,
                    changes={"repeats": [violation.repeats - 1, violation.repeats]},
                    at=repeat_at,
                )
                count += 1
            violation.save(update_fields=["repeats", "correction_due_at", "updated_at"])
    return count
