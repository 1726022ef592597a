"""Importing customers with units, phones and vehicles from .xlsx/CSV, and exports.

Three steps, each one function: ``import_upload`` stores the file (through
Django's storage) and queues the check; ``import_check`` reads every row —
row errors in Chinese name the row, the column and why, duplicates within the
file and plates the site already has are errors — and keeps a preview;
``import_commit`` queues ``import_run``, which writes everything in one
transaction (all or nothing) through ``customers_bulk_create``. The check
updates ``processed_rows`` as it goes, for the progress bar.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, fields

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from kefu.core.services import audit_record
from kefu.customers.models import Vehicle
from kefu.customers.services import customers_bulk_create
from kefu.files import errors, imports
from kefu.files.models import ImportJob, ImportStatus
from kefu.files.selectors import KEEP
from kefu.org.models import Site, User
from kefu.org.selectors import capability_grant, user_site_ids

DEFAULT_IMPORT_MAX_BYTES = 50 * 1024 * 1024
PREVIEW_ROWS = 20
KEPT_ERRORS = 500
PROGRESS_EVERY = 2000


def _require_keeper(actor: User, site: Site) -> None:
    if capability_grant(user=actor, site=site, capability=KEEP, at=timezone.now()) is None:
        raise errors.NotImporter()


def import_upload(*, actor: User, site: Site, upload: File) -> ImportJob:
    """Store an import file and queue its check. Refuses what is not .xlsx/CSV by content."""
    _require_keeper(actor, site)
    name = upload.name.rsplit("/", 1)[-1]
    size = upload.size or 0
    if size > int(getattr(settings, "KEFU_FILES_IMPORT_MAX_BYTES", DEFAULT_IMPORT_MAX_BYTES)):
        raise errors.ImportTooLarge()
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    lower = name.lower()
    if size == 0 or not (
        (lower.endswith(".xlsx") and head == b"PK\x03\x04") or lower.endswith(".csv")
    ):
        raise errors.ImportUnreadable()
    job: ImportJob | None = None
    try:
        with transaction.atomic():
            job = ImportJob(site=site, created_by=actor, original_name=name[:200])
            job.source.save(name, upload, save=False)
            job.save()
            audit_record(
                actor=actor,
                action="files.import_uploaded",
                target=job,
                site=site,
                changes={"file": [None, name], "bytes": [None, size]},
            )
            transaction.on_commit(lambda: _enqueue("import_check_task", job.pk))
    except Exception:
        if job is not None and job.source.name:
            job.source.storage.delete(job.source.name)
        raise
    return job


def _enqueue(task_name: str, job_id: int) -> None:
    from kefu.files import tasks

    getattr(tasks, task_name).enqueue(job_id)


def _rows(job: ImportJob) -> Iterator[tuple[int, tuple]]:
    """(row number as Excel shows it, values) of the data rows; header checked first."""
    with job.source.open("rb") as stream:
        rows = imports.iter_rows(stream, job.original_name)
        header = next(rows, None)
        fields = imports.read_header(header)
        labels = imports.labels_of(fields, header)
        yield 1, (fields, labels)
        for number, values in enumerate(rows, start=2):
            if not imports.is_blank(values):
                yield number, values


def _progress(job: ImportJob, processed: int) -> None:
    ImportJob.objects.filter(pk=job.pk).update(processed_rows=processed)


CLEANED_FIELDS = [f.name for f in fields(imports.CustomerRow)]


def import_check(*, job: ImportJob) -> ImportJob:
    """Read every row: errors per row and column, duplicates, a preview (runs in the worker).

    The cleaned rows are kept as a CSV beside the upload, so the run reads them
    back quickly instead of parsing the workbook again.
    """
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.CHECKING, started_at=timezone.now(), processed_rows=0
    )
    taken = set(Vehicle.objects.filter(site=job.site).values_list("plate", flat=True))
    seen: dict[str, dict[str, int]] = {"phone": {}, "plate": {}}
    row_errors: list[dict] = []
    error_count, total, preview = 0, 0, []
    # closed on every path below; a TemporaryFile also vanishes when collected
    cleaned = tempfile.TemporaryFile(mode="w+", encoding="utf-8", newline="")  # noqa: SIM115
    writer = csv.writer(cleaned)
    try:
        rows = _rows(job)
        _first, (header_fields, labels) = next(rows)
        for number, values in rows:
            total += 1
            result = imports.clean_row(number, values, header_fields, labels)
            found = result if isinstance(result, list) else []
            if not found:
                for key in ("phone", "plate"):
                    value = getattr(result, key)
                    if not value:
                        continue
                    if value in seen[key]:
                        found.append(
                            imports.RowError(number, labels.get(key, key), "duplicate", value)
                        )
                    else:
                        seen[key][value] = number
                if result.plate and result.plate in taken:
                    found.append(
                        imports.RowError(number, labels["plate"], "plate_taken", result.plate)
                    )
                if not found:
                    writer.writerow([getattr(result, name) for name in CLEANED_FIELDS])
                    if len(preview) < PREVIEW_ROWS:
                        preview.append(asdict(result))
            error_count += len(found)
            if found and len(row_errors) < KEPT_ERRORS:
                row_errors.extend(e.as_dict() for e in found)
            if total % PROGRESS_EVERY == 0:
                _progress(job, total)
    except errors.ImportFileError as exc:
        cleaned.close()
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.INVALID,
            file_error=str(exc.message)[:300],
            finished_at=timezone.now(),
        )
        job.refresh_from_db()
        return job
    status = ImportStatus.INVALID if error_count or total == 0 else ImportStatus.READY
    cleaned_name = ""
    if status == ImportStatus.READY:
        cleaned.seek(0)
        body = ContentFile(cleaned.read().encode("utf-8"))
        cleaned_name = job.source.storage.save(f"{job.source.name}.checked.csv", body)
    cleaned.close()
    ImportJob.objects.filter(pk=job.pk).update(
        status=status,
        cleaned_name=cleaned_name,
        total_rows=total,
        processed_rows=total,
        error_count=error_count,
        errors=row_errors[:KEPT_ERRORS],
        preview=preview,
        file_error="" if total else str(errors.ImportNoRows.default_message),
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


def import_commit(*, actor: User, job: ImportJob) -> ImportJob:
    """Confirm a checked import without errors; the worker writes it (``import_run``)."""
    _require_keeper(actor, job.site)
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update(of=("self",)).get(pk=job.pk)
        if locked.status != ImportStatus.READY:
            raise errors.ImportWrongState()
        locked.status, locked.processed_rows = ImportStatus.RUNNING, 0
        locked.save(update_fields=["status", "processed_rows", "updated_at"])
        audit_record(
            actor=actor,
            action="files.import_confirmed",
            target=locked,
            site=locked.site,
            changes={"rows": [None, locked.total_rows]},
        )
        transaction.on_commit(lambda: _enqueue("import_run_task", locked.pk))
    return locked


def import_run(*, job: ImportJob) -> ImportJob:
    """Write every row in one transaction: all or nothing (runs in the worker)."""
    job = ImportJob.objects.select_related("site", "created_by").get(pk=job.pk)
    if job.status != ImportStatus.RUNNING:
        raise errors.ImportWrongState()

    def clean_rows():
        if job.cleaned_name:
            with job.source.storage.open(job.cleaned_name, "rb") as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
                for values in csv.reader(text):
                    row = dict(zip(CLEANED_FIELDS, values, strict=True))
                    yield imports.CustomerRow(**{**row, "row": int(row["row"])})
            return
        rows = _rows(job)
        _first, (header_fields, labels) = next(rows)
        for number, values in rows:
            result = imports.clean_row(number, values, header_fields, labels)
            if isinstance(result, list):
                raise errors.ImportRowsInvalid()
            yield result

    try:
        with transaction.atomic():
            created = customers_bulk_create(site=job.site, rows=clean_rows())
            audit_record(
                actor=job.created_by,
                action="files.customers_imported",
                target=job,
                site=job.site,
                changes={k: [None, v] for k, v in created.items()},
                note=job.original_name,
            )
    except (errors.ImportFileError, errors.ImportRowsInvalid, IntegrityError, DatabaseError) as exc:
        message = getattr(exc, "message", None) or str(errors.ImportConflict.default_message)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, file_error=str(message)[:300], finished_at=timezone.now()
        )
        job.refresh_from_db()
        return job
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.DONE,
        created=created,
        processed_rows=created["customers"],
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


def files_export(*, actor: User, files, origin: str = "") -> tuple[str, int]:
    """Export the filtered list, limited to the sites where ``actor`` keeps the files.

    Audited per site with the row count (who, when; seed 000 §5.2 item 4); a
    refusal is audited at each of the actor's sites (``files.export_denied``).
    Classified files show only number, kind and level (no approval needed).
    """
    from kefu.files.exports import files_xlsx
    from kefu.files.selectors import MANAGE, sites_with

    at = timezone.now()
    site_ids = sites_with(actor, KEEP) | sites_with(actor, MANAGE)
    if not site_ids:
        from kefu.files.services.exports import export_denied_record

        for site in Site.objects.filter(pk__in=user_site_ids(actor)):
            export_denied_record(
                actor=actor, target=actor, site=site, purpose="list", origin=origin, note=""
            )
        raise errors.NotImporter()
    files = files.filter(site_id__in=site_ids)
    path, count = files_xlsx(user=actor, files=files.iterator(chunk_size=2000), at=at)
    with transaction.atomic():
        for site in Site.objects.filter(pk__in=site_ids):
            audit_record(
                actor=actor,
                action="files.exported",
                target=site,
                site=site,
                changes={"rows": [None, count], "from": [None, origin]},
                at=at,
            )
    return path, count
