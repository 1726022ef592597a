"""Export a filtered file list to .xlsx, streamed (openpyxl write-only mode).

The workbook is written row by row to a temporary file, which the response
then streams; memory stays flat for 100,000 rows. The first row names the
exporting user and the time (seed 000 §5.2 item 4: exports carry who and when);
classified files show only their number, kind and level, and personal data is
masked as in the list.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from kefu.files.models import CustomerFile
from kefu.files.selectors import file_row
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
