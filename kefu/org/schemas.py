"""API schemas of the org app: the caller, sites, desk configuration, absences."""

from datetime import datetime

from ninja import Field, Schema

from kefu.core.schemas import LocalDatetime, RecordId, Ref, UserRef


class PositionOut(Schema):
    id: int
    code: str
    name: str
    department: Ref | None
    capabilities: list[str]


class DeputyingOut(Schema):
    """A position the caller acts in right now for its absent holder."""

    position: PositionOut
    on_behalf_of: UserRef


class SiteOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    address: str
    hotline: str


class MeSiteOut(Schema):
    site: SiteOut
    positions: list[PositionOut]
    deputising: list[DeputyingOut] = Field(
        description="Positions held by absent colleagues who named the caller deputy, now."
    )
    capabilities: list[str] = Field(
        description="What the caller may do at the site now, own and deputised."
    )


class MeUserOut(Schema):
    id: int
    username: str
    name: str
    email: str
    is_superuser: bool

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj)


class MeOut(Schema):
    user: MeUserOut
    sites: list[MeSiteOut]


# --- desk configuration of a site ---------------------------------------------


class NumberingOut(Schema):
    code: str
    name: str
    prefix: str
    date_format: str
    seq_digits: int
    reset: str


class RequestTypeOut(Schema):
    id: int
    code: str
    name: str
    numbering: NumberingOut
    registrar_positions: list[Ref] = Field(
        description="When not empty, only these positions (or their deputies) may register."
    )
    requires_category: bool
    requires_time_place: bool
    can_register: bool = Field(description="Whether the caller may register this type now.")

    @staticmethod
    def resolve_registrar_positions(obj) -> list:
        return list(obj.registrar_positions.all())


class CategoryOut(Schema):
    id: int
    code: str
    name: str
    request_type_id: int
    description: str
    routed_position: Ref | None = Field(
        description="The position requests in this category are routed to (归口)."
    )

    @staticmethod
    def resolve_routed_position(obj):
        return obj.owner_position


class SiteConfigOut(Schema):
    site: SiteOut
    channels: list[Ref]
    request_types: list[RequestTypeOut]
    categories: list[CategoryOut]


# --- absences and deputies ------------------------------------------------------


class AbsenceIn(Schema):
    """Declare that ``holder`` (default: the caller) is away from ``position``
    and ``deputy`` acts for them in the meantime (seed 002 L40)."""

    holder_id: RecordId | None = None
    position_id: RecordId
    deputy_id: RecordId
    starts_at: LocalDatetime
    ends_at: LocalDatetime
    reason: str = Field("", max_length=200)


class AbsenceOut(Schema):
    id: int
    holder: UserRef
    position: Ref
    deputy: UserRef
    starts_at: datetime
    ends_at: datetime
    reason: str
    cancelled_at: datetime | None
