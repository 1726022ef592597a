"""Reading customer imports from .xlsx and CSV, row by row (no ORM).

The first row holds the column headers, in Chinese as the people keying the
data use them (``HEADERS``); an unknown header refuses the file. Each data row
becomes a ``CustomerRow`` or a list of ``RowError`` (row number as Excel shows
it, the column header, a code). Files are read as a stream: openpyxl's
read-only mode for .xlsx, the csv module for CSV (UTF-8 with or without BOM,
else GB18030), so memory stays flat for 100,000 rows.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext_lazy as _

from kefu.core.errors import KefuError
from kefu.customers.models import CustomerKind
from kefu.customers.rules import normalize_phone, normalize_plate
from kefu.files.errors import ImportNoHeader, ImportUnknownColumns, ImportUnreadable

#: header → field; several headers may name one field.
HEADERS: dict[str, str] = {
    "客户名称": "name",
    "姓名": "name",
    "客户类型": "kind",
    "手机": "phone",
    "联系电话": "phone",
    "证件号码": "id_number",
    "身份证号": "id_number",
    "单位": "company",
    "楼栋": "building",
    "单元号": "unit",
    "房号": "unit",
    "车牌": "plate",
    "车牌号": "plate",
    "车型": "model_name",
    "备注": "notes",
}
KIND_LABELS = {
    "业主": CustomerKind.OWNER,
    "租户": CustomerKind.TENANT,
    "购房客户": CustomerKind.BUYER,
    "经销商": CustomerKind.DEALER,
    "单位": CustomerKind.COMPANY,
    "车主": CustomerKind.VEHICLE_USER,
    **{code: code for code in CustomerKind.values},
}
MAX_LENGTHS = {
    "name": 100, "phone": 20, "id_number": 32, "company": 100, "building": 50, "unit": 50,
    "plate": 16, "model_name": 50,
}  # fmt: skip

#: Row error codes and their messages (rendered in the reader's language).
ROW_MESSAGES = {
    "required": _("A value is required."),
    "too_long": _("The value is too long."),
    "phone_invalid": _("Not a valid phone number (a landline needs its area code)."),
    "kind_invalid": _("Unknown customer type (业主, 租户, 购房客户, 经销商, 单位, 车主)."),
    "unit_incomplete": _("Building and unit number go together."),
    "duplicate": _("The same value appears in an earlier row."),
    "plate_taken": _("This plate already belongs to a customer of the site."),
}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    code: str
    value: str = ""

    @property
    def message(self) -> str:
        return str(ROW_MESSAGES[self.code])

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "code": self.code, "value": self.value}


@dataclass
class CustomerRow:
    row: int
    name: str
    kind: str
    phone: str = ""
    id_number: str = ""
    company: str = ""
    building: str = ""
    unit: str = ""
    plate: str = ""
    model_name: str = ""
    notes: str = ""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def iter_rows(stream: IO[bytes], filename: str) -> Iterator[tuple[Any, ...]]:
    """The rows of the file's first sheet (or the CSV), header first, as tuples."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(stream, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise ImportUnreadable() from exc
        try:
            yield from workbook.worksheets[0].iter_rows(values_only=True)
        finally:
            workbook.close()
        return
    if name.endswith(".csv"):
        head = stream.read(4096)
        stream.seek(0)
        encoding = "utf-8-sig"
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            encoding = "gb18030"
        text = io.TextIOWrapper(stream, encoding=encoding, newline="")
        try:
            yield from (tuple(r) for r in csv.reader(text))
        except (UnicodeDecodeError, csv.Error) as exc:
            raise ImportUnreadable() from exc
        finally:
            text.detach()
        return
    raise ImportUnreadable()


def read_header(header: tuple[Any, ...] | None) -> list[str | None]:
    """Field per column; refuses unknown headers and a file without 客户名称."""
    if not header:
        raise ImportNoHeader()
    labels = [_text(h) for h in header]
    while labels and not labels[-1]:
        labels.pop()
    unknown = [h for h in labels if h and h not in HEADERS]
    if unknown:
        raise ImportUnknownColumns(
            ImportUnknownColumns.default_message % {"columns": "、".join(unknown)},
            fields={"columns": unknown},
        )
    fields = [HEADERS.get(h) if h else None for h in labels]
    if "name" not in fields:
        raise ImportNoHeader()
    return fields


def labels_of(fields: list[str | None], header: tuple[Any, ...]) -> dict[str, str]:
    """The header text each field was read from (for error messages)."""
    return {f: _text(h) for f, h in zip(fields, header, strict=False) if f}


def clean_row(
    number: int, values: tuple[Any, ...], fields: list[str | None], labels: dict[str, str]
) -> CustomerRow | list[RowError]:
    """One data row → a ``CustomerRow``, or its errors (column by column)."""
    data: dict[str, str] = {}
    for field, value in zip(fields, values, strict=False):
        if field and field not in data:
            data[field] = _text(value)
    errors: list[RowError] = []

    def error(field: str, code: str) -> None:
        errors.append(RowError(number, labels.get(field, field), code, data.get(field, "")[:50]))

    for field, limit in MAX_LENGTHS.items():
        if len(data.get(field, "")) > limit:
            error(field, "too_long")
    if not data.get("name"):
        error("name", "required")
    if data.get("phone"):
        try:
            data["phone"] = normalize_phone(data["phone"])
        except KefuError:
            error("phone", "phone_invalid")
    kind_text = data.get("kind", "")
    if kind_text:
        kind = KIND_LABELS.get(kind_text)
        if kind is None:
            error("kind", "kind_invalid")
    elif data.get("plate"):
        kind = CustomerKind.VEHICLE_USER
    else:
        kind = CustomerKind.OWNER
    if bool(data.get("building")) != bool(data.get("unit")):
        error("unit" if data.get("building") else "building", "unit_incomplete")
    if data.get("plate"):
        data["plate"] = normalize_plate(data["plate"])
    if errors:
        return errors
    data.pop("kind", None)
    return CustomerRow(row=number, kind=str(kind), **data)


def is_blank(values: tuple[Any, ...]) -> bool:
    return all(_text(v) == "" for v in values)
