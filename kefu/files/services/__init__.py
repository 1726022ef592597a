"""Writes of the customer-files app: files, checklists, the register, fines, reads,
recordings, custody inspections, grading, exports, retention.

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
from kefu.files.services.custody import (
    FindingInput,
    file_grade,
    finding_repair,
    inspection_record,
)
from kefu.files.services.exports import FileExport, file_export
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
from kefu.files.services.recordings import (
    DEFAULT_AUDIO_MAX_BYTES,
    recording_add,
    recording_extract,
    recording_open,
)
from kefu.files.services.reminders import reviews_remind
from kefu.files.services.retention import (
    ExpiredCounts,
    destruction_decide,
    destruction_request,
    retention_rule_preset_apply,
    retention_scan,
)

__all__ = [
    "DEFAULT_AUDIO_MAX_BYTES",
    "DEFAULT_SCAN_MAX_BYTES",
    "ExpiredCounts",
    "FileExport",
    "FileView",
    "FindingInput",
    "access_apply",
    "access_decide",
    "destruction_decide",
    "destruction_request",
    "file_document_add",
    "file_document_read",
    "file_export",
    "file_grade",
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
    "finding_repair",
    "handover_receive",
    "handover_register",
    "import_check",
    "import_commit",
    "import_run",
    "import_upload",
    "inspection_record",
    "loan_decide",
    "loan_request",
    "loan_return",
    "loans_remind",
    "recording_add",
    "recording_extract",
    "recording_open",
    "retention_rule_preset_apply",
    "retention_scan",
    "reviews_remind",
]
