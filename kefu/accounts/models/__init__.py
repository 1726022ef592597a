"""Models of business accounts, one module per domain (re-exported here)."""

from kefu.accounts.models.credit import (
    BusinessAccount,
    ContractKind,
    CreditEntry,
    CreditSetting,
    EntryKind,
    EntrySource,
    ShipmentRefusal,
    ShipmentRequest,
    ShipmentStatus,
    ShipmentWay,
)

__all__ = [
    "BusinessAccount",
    "ContractKind",
    "CreditEntry",
    "CreditSetting",
    "EntryKind",
    "EntrySource",
    "ShipmentRefusal",
    "ShipmentRequest",
    "ShipmentStatus",
    "ShipmentWay",
]

from kefu.accounts.models.partners import (
    CheckResult,
    Grade,
    GradeChange,
    GradeChangeStatus,
    OnsiteCheck,
    Partner,
    PartnerSnapshot,
    PartnerStatus,
    PartnerVisit,
)

__all__ += [
    "CheckResult",
    "Grade",
    "GradeChange",
    "GradeChangeStatus",
    "OnsiteCheck",
    "Partner",
    "PartnerSnapshot",
    "PartnerStatus",
    "PartnerVisit",
]

from kefu.accounts.models.key_accounts import (  # noqa: E402
    AccountNote,
    AccountReview,
    NoteKind,
    PlanPeriod,
    SalesPlan,
)

__all__ += ["AccountNote", "AccountReview", "NoteKind", "PlanPeriod", "SalesPlan"]
