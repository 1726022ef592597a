"""Pages of the customer-files app under /files/, one module per concern."""

from kefu.files.views.access import (
    access_apply_view,
    access_decide_view,
    access_list,
    access_log,
    loan_decide_view,
    loan_list,
    loan_request_view,
    loan_return_view,
)
from kefu.files.views.files import (
    file_detail,
    file_document_add_view,
    file_document_view,
    file_item_check_view,
    file_list,
    handover_list,
    handover_receive_view,
    handover_register_view,
)
from kefu.files.views.records import (
    destruction_decide_view,
    destruction_request_view,
    file_export,
    import_commit_view,
    import_detail,
    import_list,
    import_progress,
    retention_list,
)

__all__ = [
    "access_apply_view",
    "access_decide_view",
    "access_list",
    "access_log",
    "destruction_decide_view",
    "destruction_request_view",
    "file_detail",
    "file_document_add_view",
    "file_document_view",
    "file_export",
    "file_item_check_view",
    "file_list",
    "handover_list",
    "handover_receive_view",
    "handover_register_view",
    "import_commit_view",
    "import_detail",
    "import_list",
    "import_progress",
    "loan_decide_view",
    "loan_list",
    "loan_request_view",
    "loan_return_view",
    "retention_list",
]
