"""Models of the customer-files app, one module per concern, re-exported here."""

from kefu.files.models.access import (
    AccessApplication,
    AccessKind,
    AccessStatus,
    FileLoan,
    LoanStatus,
)
from kefu.files.models.files import (
    CLASSIFIED,
    ChecklistItem,
    Confidentiality,
    CustomerFile,
    DeadlineStart,
    FileDocument,
    FileHandover,
    FileItem,
    FileKind,
    FileStatus,
    FileViolation,
    HandedBy,
    ItemDefect,
    scan_path,
)
from kefu.files.models.records import (
    DestructionStatus,
    FileDestruction,
    ImportJob,
    ImportStatus,
    import_path,
)

__all__ = [
    "CLASSIFIED",
    "AccessApplication",
    "AccessKind",
    "AccessStatus",
    "ChecklistItem",
    "Confidentiality",
    "CustomerFile",
    "DeadlineStart",
    "DestructionStatus",
    "FileDestruction",
    "FileDocument",
    "FileHandover",
    "FileItem",
    "FileKind",
    "FileLoan",
    "FileStatus",
    "FileViolation",
    "HandedBy",
    "ImportJob",
    "ImportStatus",
    "ItemDefect",
    "LoanStatus",
    "import_path",
    "scan_path",
]
