"""Export a filtered file list to .xlsx, streamed (openpyxl write-only mode); export one
file with its scans as a .zip.

The workbook is written row by row to a temporary file, which the response
then streams; memory stays flat for 100,000 rows. The first row names the
exporting user and the time (seed 000 §5.2 item 4: exports carry who and when);
classified files show only their number, kind and level, and personal data is
masked as in the list.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from kefu.files.models import CustomerFile
from kefu.files.selectors import file_items, file_row
from kefu.org.models import User


def files_xlsx(*, user: User, files: Iterable[CustomerFile], at: datetime) -> tuple[str, int]:
    """Write the rows to a temporary .xlsx; returns its path and the row count."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Customer files"))
    sheet.append(
        [_("Exported by"), str(user), _("Exported at"), f"{timezone.localtime(at):%Y-%m-%d %H:%M}"]
    )
    sheet.append(
        [
            _("File number"), _("File kind"), _("Customer"), _("Phone"), _("ID number"),
            _("Plate"), _("Confidentiality"), _("Status"), _("Hand-over due"),
        ]
    )  # fmt: skip
    count = 0
    for file in files:
        row = file_row(user, file)
        due = file.handover_due_at
        sheet.append(
            [
                file.number,
                file.kind.name,
                row.customer_name,
                row.phone,
                row.id_number,
                row.plate,
                str(file.get_confidentiality_display()),
                str(file.get_status_display()),
                f"{timezone.localtime(due):%Y-%m-%d %H:%M}" if due else "",
            ]
        )
        count += 1
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)  # noqa: SIM115
    handle.close()
    workbook.save(handle.name)
    return handle.name, count


def file_package(
    *,
    user: User,
    file: CustomerFile,
    documents,
    at: datetime,
    recipient: str = "",
) -> str:
    """One file as a .zip: a sheet (who exported it, when, for whom; the file's facts and
    checklist) and its scans. Returns the path of a temporary file."""

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(file.number)
    stamp = f"{timezone.localtime(at):%Y-%m-%d %H:%M}"
    sheet.append([_("Exported by"), str(user), _("Exported at"), stamp])
    if recipient:
        sheet.append([_("Disclosed to"), recipient])
    row = file_row(user, file, readable=True)
    for label, value in (
        (_("File number"), file.number),
        (_("File kind"), file.kind.name),
        (_("Confidentiality"), str(file.get_confidentiality_display())),
        (_("Customer"), row.customer_name),
        (_("Phone"), row.phone),
        (_("ID number"), row.id_number),
        (_("Plate"), row.plate),
        (_("Paper file kept in"), f"{file.cabinet} {file.shelf_position}".strip()),
        (_("Grade"), file.grade),
    ):
        sheet.append([label, value])
    sheet.append([])
    sheet.append([_("Checklist"), _("Present"), _("Defect"), _("Note")])
    for item in file_items(file):
        sheet.append([item.item.label, "✓" if item.present else "", item.defect, item.note])
    handle = tempfile.NamedTemporaryFile(suffix=".zip", delete=False)  # noqa: SIM115
    handle.close()
    sheet_file = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)  # noqa: SIM115
    sheet_file.close()
    try:
        workbook.save(sheet_file.name)
        with zipfile.ZipFile(handle.name, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.comment = f"{file.number} {user} {stamp}".encode()[:60000]
            archive.write(sheet_file.name, f"{file.number}.xlsx")
            for document in documents:
                name = document.scan.name.rsplit("/", 1)[-1]
                with document.scan.open("rb") as scan:
                    archive.writestr(f"scans/{document.pk}-{name}", scan.read())
    finally:
        os.unlink(sheet_file.name)
    return handle.name
