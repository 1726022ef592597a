"""Reading a file: what the reader may see, and the trace a classified read leaves.

seed 000 §5.2 item 2: "an audit log of every view, export and print". Opening
a 机密/绝密 file (or a scan at that level) writes ``files.file_read`` to the
one audit trail; a refusal writes ``files.read_denied`` — in its own
transaction, so the denial stays recorded although the request fails.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from kefu.core.services import audit_record
from kefu.files import errors, rules
from kefu.files.models import CLASSIFIED, CustomerFile, FileDocument, FileItem
from kefu.files.selectors import file_items, may_read_content
from kefu.org.models import User


@dataclass
class FileView:
    """A file as one reader sees it: ``readable`` False shows only that it exists."""

    file: CustomerFile
    readable: bool
    items: list[FileItem] = field(default_factory=list)
    completeness: rules.Completeness | None = None
    documents: list[FileDocument] = field(default_factory=list)


def _record(actor: User, action: str, file: CustomerFile, *, origin: str, note: str) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=action,
            target=file,
            site=file.site,
            changes={"level": [None, file.confidentiality], "from": [None, origin]},
            note=note,
        )


def file_view(*, actor: User, file: CustomerFile, origin: str = "") -> FileView:
    """Open a file's content for ``actor``: its checklist, completeness and scans.

    A classified file the reader may not read returns ``readable=False`` and
    records the denied attempt; a classified file they may read records the read.
    ``origin`` is where the request came from (an IP address).
    """
    readable = may_read_content(actor, file)
    if file.confidentiality in CLASSIFIED:
        action = "files.file_read" if readable else "files.read_denied"
        _record(actor, action, file, origin=origin, note=file.number)
    if not readable:
        return FileView(file=file, readable=False)
    items = file_items(file)
    completeness = rules.completeness(
        rules.ItemState(
            code=i.item.code,
            label=i.item.label,
            required=i.item.required,
            present=i.present,
            defect=i.defect,
        )
        for i in items
    )
    documents = [
        d
        for d in file.documents.select_related("uploaded_by").order_by("id")
        if may_read_content(actor, file, level=d.confidentiality)
    ]
    return FileView(file, True, items, completeness, documents)


def file_document_read(
    *, actor: User, file: CustomerFile, document_id: int | str, origin: str = ""
) -> FileDocument:
    """A scan of ``file`` for reading; a classified one is recorded, a refusal too."""
    try:
        document = file.documents.get(pk=int(document_id))
    except (ValueError, TypeError, FileDocument.DoesNotExist):
        raise errors.DocumentNotFound() from None
    level = max(
        (file.confidentiality, document.confidentiality), key=rules.CONFIDENTIALITY_ORDER.index
    )
    readable = may_read_content(actor, file, level=level)
    if level in CLASSIFIED:
        action = "files.document_read" if readable else "files.read_denied"
        _record(actor, action, file, origin=origin, note=f"{file.number} #{document.pk}")
    if not readable:
        raise errors.ReadNotAllowed()
    return document
