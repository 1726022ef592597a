"""Writes of the customer-files app: files, checklists, the register, fines, reads.

One module per concern; everything is re-exported here so callers import
``kefu.files.services``.
"""

from kefu.files.services.access import (
    FileView,
    access_apply,
    access_decide,
    file_document_read,
    file_view,
)
from kefu.files.services.files import (
    DEFAULT_SCAN_MAX_BYTES,
    file_document_add,
    file_item_check,
    file_kind_preset_apply,
    file_open,
    file_update,
    file_violation_correct,
    file_violation_record,
    file_violations_repeat,
    files_overdue_scan,
    handover_receive,
    handover_register,
)
from kefu.files.services.imports import (
    files_export,
    import_check,
    import_commit,
    import_run,
    import_upload,
)
from kefu.files.services.loans import loan_decide, loan_request, loan_return, loans_remind
from kefu.files.services.retention import destruction_decide, destruction_request

__all__ = [
    "DEFAULT_SCAN_MAX_BYTES",
    "FileView",
    "access_apply",
    "access_decide",
    "destruction_decide",
    "destruction_request",
    "file_document_add",
    "file_document_read",
    "file_item_check",
    "file_kind_preset_apply",
    "file_open",
    "file_update",
    "file_view",
    "file_violation_correct",
    "file_violation_record",
    "file_violations_repeat",
    "files_export",
    "files_overdue_scan",
    "handover_receive",
    "handover_register",
    "import_check",
    "import_commit",
    "import_run",
    "import_upload",
    "loan_decide",
    "loan_request",
    "loan_return",
    "loans_remind",
]
