"""Schemas every API router shares: the error body, references, pages, partial updates."""

import re
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, ClassVar

from django.conf import settings
from django.utils import timezone
from ninja import Field, Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)


def _aware(value: datetime) -> datetime:
    if timezone.is_naive(value):
        return timezone.make_aware(value, timezone.get_current_timezone())
    return value


#: The id of a record: positive and within the database's 64-bit range, so an
#: absurd id is a 422 rather than a database overflow.
RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]


def _iso_day(value: Any) -> Any:
    """Only ``YYYY-MM-DD`` is a day; pydantic would also read ``0`` as 1970-01-01."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("a day is written YYYY-MM-DD")
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError("a day is written YYYY-MM-DD")
    return value


#: A calendar day from a client, as the schema says: ``YYYY-MM-DD`` only.
Day = Annotated[date, BeforeValidator(_iso_day)]

#: A decimal number from a client (points, amounts), documented as a JSON number:
#: pydantic's own schema also offers a string form whose pattern fuzzers misread.
Number = Annotated[Decimal, WithJsonSchema({"type": "number"})]

#: An amount of money or a quantity from a client: 0 to 99,999,999.99, in cents,
#: documented as such (a JSON number, a multiple of 0.01) so the schema and the
#: check agree.
Money = Annotated[
    Decimal,
    Field(ge=0, le=99_999_999, decimal_places=2),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 99_999_999, "multipleOf": 0.01}),
]

#: A datetime from a client; without an offset it is read as the server's local time.
LocalDatetime = Annotated[datetime, AfterValidator(_aware)]


class ErrorOut(Schema):
    """Every error: a stable ``code``, a translated ``message``, messages per field."""

    code: str = Field(examples=["desk.not_designated_registrar"])
    message: str
    fields: dict[str, list[str]] = {}


class Ref(Schema):
    """A configuration record by id, stable code and display name."""

    id: int
    code: str
    name: str


class UserRef(Schema):
    id: int
    username: str
    name: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj)


class PageQuery(Schema):
    """``page`` from 1; ``page_size`` up to ``settings.KEFU_API_MAX_PAGE_SIZE``."""

    page: int = Field(1, ge=1)
    page_size: int = Field(
        default_factory=lambda: settings.KEFU_PAGE_SIZE,
        ge=1,
        # Documented in the schema as well as checked (settings read when the
        # schema is built, not at import).
        json_schema_extra=lambda schema: schema.update(maximum=settings.KEFU_API_MAX_PAGE_SIZE),
    )

    @field_validator("page_size")
    @classmethod
    def _at_most_max(cls, value: int) -> int:
        limit = settings.KEFU_API_MAX_PAGE_SIZE
        if value > limit:
            raise ValueError(f"page_size may be at most {limit}")
        return value


class PageOut(Schema):
    """One page of a list: ``count`` is the total over all pages."""

    count: int
    page: int
    page_size: int


class PatchSchema(Schema):
    """A partial update: only the fields present in the body are applied.

    Every field is optional; ``null`` is refused (422) except for the names in
    ``nullable``, which clear the value.
    """

    nullable: ClassVar[frozenset[str]] = frozenset()

    @staticmethod
    def _document_null_rule(schema: dict[str, Any], cls: type["PatchSchema"]) -> None:
        """In the OpenAPI, a field outside ``nullable`` may be left out, never null."""
        for name, prop in schema.get("properties", {}).items():
            if name in cls.nullable or "anyOf" not in prop:
                continue
            kept = [option for option in prop["anyOf"] if option.get("type") != "null"]
            if len(kept) == 1:
                del prop["anyOf"]
                prop.update(kept[0])
            else:
                prop["anyOf"] = kept
            if prop.get("default", "") is None:
                del prop["default"]

    model_config = {"json_schema_extra": _document_null_rule}

    @field_validator("*", mode="before")
    @classmethod
    def _null_only_where_allowed(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name not in cls.nullable:
            raise ValueError("may not be null")
        return value

    def changes(self) -> dict[str, Any]:
        """The fields the client sent, by name (choices as their plain values)."""
        return {
            key: value.value if isinstance(value, Enum) else value
            for key, value in self.model_dump(exclude_unset=True).items()
        }
