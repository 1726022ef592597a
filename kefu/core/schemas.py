"""Schemas every API router shares: the error body, references, pages, partial updates."""

from datetime import datetime
from enum import Enum
from typing import Annotated, Any, ClassVar

from django.conf import settings
from django.utils import timezone
from ninja import Field, Schema
from pydantic import AfterValidator, ValidationInfo, field_validator


def _aware(value: datetime) -> datetime:
    if timezone.is_naive(value):
        return timezone.make_aware(value, timezone.get_current_timezone())
    return value


#: The id of a record: positive and within the database's 64-bit range, so an
#: absurd id is a 422 rather than a database overflow.
RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]

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
    page_size: int = Field(default_factory=lambda: settings.KEFU_PAGE_SIZE, ge=1)

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
