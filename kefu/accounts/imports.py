"""Read the finance system's workbook of shipments and payments (openpyxl).

Columns (first sheet, header row first): account code, kind (``shipment`` /
``payment``, or 发货 / 开票 / 回款), date, amount in yuan, reference. The
rows go to ``services.credit_entries_import``, which records them all or none.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from kefu.accounts.errors import ImportInvalid

MAX_BYTES = 5 * 1024 * 1024
KINDS = {
    "shipment": "shipment",
    "发货": "shipment",
    "开票": "shipment",
    "开票发货": "shipment",
    "payment": "payment",
    "回款": "payment",
    "付款": "payment",
}


def yuan_to_fen(value: Any) -> int:
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(value) from exc
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise ValueError(value)
    return int(fen)


def read_workbook(data: bytes) -> list[dict[str, Any]]:
    """Parse the workbook; a file that is not an .xlsx or has a bad row is ``ImportInvalid``."""
    if len(data) > MAX_BYTES or not data.startswith(b"PK\x03\x04"):
        raise ImportInvalid(fields={"file": ["xlsx"]})
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        raw = list(sheet.iter_rows(min_row=2, values_only=True))
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError) as exc:
        raise ImportInvalid(fields={"file": ["xlsx"]}) from exc
    rows: list[dict[str, Any]] = []
    errors: dict[str, list[str]] = {}
    for i, values in enumerate(raw, start=2):
        cells = list(values or ()) + [None] * 5
        if all(c in (None, "") for c in cells[:5]):
            continue
        code, kind, on, amount, reference = cells[:5]
        try:
            if isinstance(on, datetime):
                on = on.date()
            elif not isinstance(on, date):
                on = date.fromisoformat(str(on).strip())
            rows.append(
                {
                    "account": str(code or "").strip(),
                    "kind": KINDS[str(kind or "").strip().lower()],
                    "occurred_on": on,
                    "amount_fen": yuan_to_fen(amount),
                    "reference": str(reference or "").strip()[:64],
                }
            )
        except (KeyError, ValueError):
            errors[f"row {i}"] = [str(v) for v in cells[:5]]
    if errors:
        raise ImportInvalid(fields=errors)
    return rows
