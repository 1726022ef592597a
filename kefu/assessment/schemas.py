"""API schemas of the assessment app (scorecards)."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from kefu.assessment.models import ScorecardStatus
from kefu.assessment.selectors import ScorecardFilters, Sheet
from kefu.core.schemas import Day, LocalDatetime, Number, PageOut, PageQuery, RecordId, UserRef


class AssessmentNamedRef(Schema):
    id: int
    name: str


class TemplateOut(Schema):
    id: int
    site: AssessmentNamedRef
    code: str
    name: str
    preset_key: str
    seed: str
    scope: str
    max_total: Decimal
    cap_total: bool
    run_day: int


class ScorecardOut(Schema):
    id: int
    site: AssessmentNamedRef
    template: AssessmentNamedRef
    month: Day
    person: UserRef | None
    status: ScorecardStatus
    base_score: Decimal
    bonus: Decimal
    adjustment: Decimal
    total: Decimal
    max_total: Decimal = Field(description="The template's full score (seed 002 L164: 95).")
    computed_at: datetime | None
    signed_off_by: UserRef | None
    signed_off_at: datetime | None

    @staticmethod
    def resolve_max_total(obj: Any) -> Decimal:
        if isinstance(obj, dict):
            return obj["max_total"]
        return obj.template.max_total


class ScorecardPage(PageOut):
    items: list[ScorecardOut]


class ScorecardQuery(PageQuery):
    site: RecordId | None = None
    month: Day | None = None
    status: ScorecardStatus | None = None
    template: RecordId | None = None
    person: RecordId | None = None

    def to_filters(self) -> ScorecardFilters:
        return ScorecardFilters(
            site=self.site,
            month=self.month,
            status=self.status.value if self.status else None,
            template=self.template,
            person=self.person,
        )


class LineOut(Schema):
    id: int
    kind: str
    points: Decimal
    occurred_at: datetime | None
    note: str
    source_type: str | None
    source_id: int | None
    source_label: str
    source_url: str | None
    entered_by: UserRef | None
    approved_by: UserRef | None


class ItemOut(Schema):
    id: int
    code: str
    name: str
    rule: str
    unit: str
    points: Decimal
    points_up_to: Decimal | None
    max_points: Decimal | None
    forfeit_at: int | None
    measure: str
    count: int
    deducted: Decimal = Field(description="What the item took (or, in a bonus section, added).")
    forfeited: bool
    capped: bool
    figure: dict[str, Any]
    lines: list[LineOut]


class SectionOut(Schema):
    id: int
    code: str
    name: str
    max_points: Decimal | None
    is_bonus: bool
    score: Decimal
    items: list[ItemOut]


class ScorecardDetailOut(ScorecardOut):
    sections: list[SectionOut]
    adjustments: list[LineOut]


class RunIn(Schema):
    template_id: RecordId
    month: Day


class EntryIn(Schema):
    item_id: RecordId
    reason: str
    approver_id: RecordId
    points: Number | None = Field(None, description="Within the item's range; default its points.")
    occurred_at: LocalDatetime | None = None


class AdjustmentIn(Schema):
    points: Number = Field(description="Signed: +2 gives back two points, −2 takes two.")
    reason: str
    approver_id: RecordId
    item_id: RecordId | None = None


def line_out(sheet_line) -> dict[str, Any]:
    line = sheet_line.line
    return {
        "id": line.pk,
        "kind": line.kind,
        "points": line.points,
        "occurred_at": line.occurred_at,
        "note": line.note,
        "source_type": line.source_type.model if line.source_type_id else None,
        "source_id": line.source_id,
        "source_label": sheet_line.source_label,
        "source_url": sheet_line.source_url,
        "entered_by": line.entered_by,
        "approved_by": line.approved_by,
    }


def sheet_out(sheet: Sheet) -> dict[str, Any]:
    """The detail body: the card's fields plus the sheet the page shows."""
    card = sheet.card
    body = ScorecardOut.from_orm(card).model_dump()
    body["max_total"] = card.template.max_total
    body["person"] = card.person
    body["signed_off_by"] = card.signed_off_by
    body["sections"] = [
        {
            "id": s.section.pk,
            "code": s.section.code,
            "name": s.section.name,
            "max_points": s.section.max_points,
            "is_bonus": s.section.is_bonus,
            "score": s.score,
            "items": [
                {
                    "id": i.item.pk,
                    "code": i.item.code,
                    "name": i.item.name,
                    "rule": i.item.rule,
                    "unit": i.item.unit,
                    "points": i.item.points,
                    "points_up_to": i.item.points_up_to,
                    "max_points": i.item.max_points,
                    "forfeit_at": i.item.forfeit_at,
                    "measure": i.item.measure,
                    "count": i.count,
                    "deducted": i.points,
                    "forfeited": i.forfeited,
                    "capped": i.capped,
                    "figure": i.figure,
                    "lines": [line_out(x) for x in i.lines],
                }
                for i in s.items
            ],
        }
        for s in sheet.sections
    ]
    body["adjustments"] = [line_out(x) for x in sheet.adjustments]
    return body
