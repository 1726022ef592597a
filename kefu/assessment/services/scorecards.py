"""Monthly scorecards: templates from presets, the run, entries, sign-off, adjustments.

Seed 002 §7.3 (L162–L210): a site is assessed on the template's run day (the
7th) for the previous month. ``scorecard_run`` finds each item's incidents in
the records (``kefu.assessment.measures``), writes one line per incident linked
to its record, and scores the card (``rules.score_card``). Re-running a month
before sign-off replaces the computed lines and gives the same result; manual
entries (reason + approver) survive a re-run. After ``scorecard_sign_off`` the
month is frozen: the only change is ``scorecard_adjust``, with a reason and an
approver, audited like everything else.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from kefu.assessment import rules
from kefu.assessment.errors import (
    ApproverRequired,
    AssessmentNotAllowed,
    ItemNotOnCard,
    MonthNotOver,
    PointsOutOfRange,
    ReasonRequired,
    ScorecardFrozen,
    ScorecardNotSignedOff,
    ScorecardPresetUnknown,
)
from kefu.assessment.measures import MEASURES, Scope
from kefu.assessment.models import (
    LineKind,
    Scorecard,
    ScorecardItem,
    ScorecardLine,
    ScorecardScope,
    ScorecardSection,
    ScorecardStatus,
    ScorecardTemplate,
)
from kefu.core.errors import Conflict
from kefu.core.services import audit_record
from kefu.org.selectors import capability_grant

#: Capabilities held through positions (``Position.capabilities``).
ASSESS = "assessment.assess"  # run a month, enter incidents
APPROVE = "assessment.approve"  # approve entries and adjustments, sign a month off

ZERO = Decimal(0)
CENTS = Decimal("0.01")


def _require(user: Any, site: Any, capability: str, at: datetime) -> None:
    if user is None:  # the background run acts as the system
        return
    if capability_grant(user=user, site=site, capability=capability, at=at) is None:
        raise AssessmentNotAllowed()


def _check_approver(approver: Any, actor: Any, site: Any, at: datetime) -> None:
    if approver is None or getattr(approver, "pk", None) is None:
        raise ApproverRequired(fields={"approver": [str(ApproverRequired.default_message)]})
    if capability_grant(user=approver, site=site, capability=APPROVE, at=at) is None:
        raise ApproverRequired(fields={"approver": [str(ApproverRequired.default_message)]})


def _source_fields(source: models.Model | None) -> dict[str, Any]:
    if source is None:
        return {"source_type": None, "source_id": None}
    return {
        "source_type": ContentType.objects.get_for_model(source, for_concrete_model=True),
        "source_id": source.pk,
    }


# --- templates ----------------------------------------------------------------------


@transaction.atomic
def scorecard_template_preset_apply(
    *, actor: Any, site: Any, key: str, code: str | None = None
) -> ScorecardTemplate:
    """Copy a scorecard preset into ``site``'s template ``code`` (default: the key).

    Idempotent: sections and items that exist (by code) are kept as the admin
    left them; only missing ones are created. The preset's positions get the
    capabilities to assess (客服主任) and to approve and sign off (总经理).
    """
    from kefu.assessment.presets import PRESETS

    preset = PRESETS.get(key)
    if preset is None:
        raise ScorecardPresetUnknown(fields={"preset": [key]})
    template, created = ScorecardTemplate.objects.get_or_create(
        site=site,
        code=code or preset.key,
        defaults={
            "name": preset.template_name,
            "preset_key": preset.key,
            "seed": preset.seed,
            "scope": preset.scope,
            "max_total": Decimal(preset.max_total),
            "cap_total": preset.cap_total,
            "run_day": preset.run_day,
        },
    )
    items = 0
    for s_order, spec in enumerate(preset.sections):
        section, _new = ScorecardSection.objects.get_or_create(
            template=template,
            code=spec.code,
            defaults={
                "name": spec.name,
                "order": s_order,
                "max_points": Decimal(spec.max_points) if spec.max_points else None,
                "is_bonus": spec.is_bonus,
            },
        )
        for i_order, item in enumerate(spec.items):
            _item, new = ScorecardItem.objects.get_or_create(
                section=section, code=item.code, defaults=item.as_fields(i_order)
            )
            items += new
    _grant_capabilities(site, preset.capabilities)
    audit_record(
        actor=actor,
        action="assessment.template_preset_applied",
        target=template,
        site=site,
        note=key,
        changes={"items": [0, items]} if items else {"created": [False, created]},
    )
    return template


def _grant_capabilities(site: Any, capabilities: dict[str, tuple[str, ...]]) -> None:
    """Give the preset's positions the assessment capabilities they lack (kept if held)."""
    from kefu.org.models import Position

    for code, wanted in capabilities.items():
        position = Position.objects.filter(site=site, code=code).first()
        if position is None:
            continue
        held = list(position.capabilities or [])
        missing = [c for c in wanted if c not in held]
        if missing:
            position.capabilities = held + missing
            position.save(update_fields=["capabilities", "updated_at"])


def _section_specs(template: ScorecardTemplate) -> list[rules.SectionSpec]:
    specs = []
    for section in template.sections.all():
        specs.append(
            rules.SectionSpec(
                code=section.code,
                max_points=section.max_points,
                is_bonus=section.is_bonus,
                items=tuple(
                    rules.ItemSpec(
                        code=str(item.pk),
                        points=item.points,
                        max_points=item.max_points,
                        forfeit_at=item.forfeit_at,
                    )
                    for item in section.items.all()
                ),
            )
        )
    return specs


def _template_items(template: ScorecardTemplate) -> list[ScorecardItem]:
    return list(ScorecardItem.objects.filter(section__template=template).select_related("section"))


# --- the run --------------------------------------------------------------------------


def _subjects(template: ScorecardTemplate) -> list[Any]:
    """Who is assessed: ``None`` for the site, else the people in the template's positions."""
    if template.scope == ScorecardScope.SITE:
        return [None]
    from kefu.org.models import User

    people = User.objects.filter(positions__site=template.site, is_active=True)
    position_ids = list(template.positions.values_list("pk", flat=True))
    if position_ids:
        people = people.filter(positions__in=position_ids)
    return list(people.distinct().order_by("pk"))


def _card_for(template: ScorecardTemplate, month: date, person: Any) -> Scorecard:
    key = f"user:{person.pk}" if person is not None else "site"
    card = (
        Scorecard.objects.select_for_update(of=("self",))
        .filter(template=template, month=month, subject_key=key)
        .first()
    )
    if card is not None:
        return card
    try:
        with transaction.atomic():
            Scorecard.objects.create(
                template=template, site=template.site, month=month, person=person, subject_key=key
            )
    except IntegrityError:
        pass  # created by a concurrent run: lock the winner's row below
    return Scorecard.objects.select_for_update(of=("self",)).get(
        template=template, month=month, subject_key=key
    )


def _rescore(card: Scorecard) -> rules.CardScore:
    """Score ``card`` from its lines and store totals and the per-item breakdown."""
    template = card.template
    lines = list(card.lines.all())
    incidents: dict[str, list[Decimal]] = {}
    adjustment = ZERO
    for line in lines:
        if line.kind == LineKind.ADJUSTMENT:
            adjustment += line.points
        elif line.item_id is not None:
            incidents.setdefault(str(line.item_id), []).append(line.points)
    result = rules.score_card(
        _section_specs(template),
        incidents,
        max_total=template.max_total,
        cap_total=template.cap_total,
        adjustment=adjustment,
    )
    figures = (card.breakdown or {}).get("figures", {})
    card.base_score = result.base
    card.bonus = result.bonus
    card.adjustment = result.adjustment
    card.total = result.total
    card.breakdown = {
        "sections": [
            {
                "code": s.code,
                "max_points": str(s.max_points) if s.max_points is not None else None,
                "is_bonus": s.is_bonus,
                "score": str(s.score),
                "lost": str(s.lost),
                "items": {
                    code: {
                        "count": i.count,
                        "raw": str(i.raw),
                        "points": str(i.points),
                        "forfeited": i.forfeited,
                        "capped": i.capped,
                    }
                    for code, i in s.items.items()
                },
            }
            for s in result.sections
        ],
        "figures": figures,
    }
    return result


def _save_totals(card: Scorecard, *extra: str) -> None:
    card.save(
        update_fields=[
            "base_score",
            "bonus",
            "adjustment",
            "total",
            "breakdown",
            "updated_at",
            *extra,
        ]
    )


def scorecard_run(
    *, actor: Any, template: ScorecardTemplate, month: date, now: datetime | None = None
) -> list[Scorecard]:
    """Compute ``month`` under ``template`` for every subject; idempotent before sign-off.

    Seed 002 L164: "每个月7号对前一个月进行考核". The month must be over.
    Each item's measure finds its incidents; each becomes one computed line
    linked to its record (a ticket, a return visit, a ledger entry). The
    previous computed lines are replaced, manual lines are kept, so a re-run
    on the same records gives the same card. A signed-off month is refused
    (``assessment.scorecard_frozen``).
    """
    now = now or timezone.now()
    month = rules.month_start(month)
    if rules.next_month(month) > timezone.localtime(now).date():
        raise MonthNotOver()
    _require(actor, template.site, ASSESS, now)
    items = _template_items(template)
    cards = []
    with transaction.atomic():
        for person in _subjects(template):
            card = _card_for(template, month, person)
            if card.status == ScorecardStatus.SIGNED_OFF:
                raise ScorecardFrozen()
            before = str(card.total) if card.computed_at else None
            card.lines.filter(kind=LineKind.COMPUTED).delete()
            scope = Scope(site=template.site, month=month, now=now, person=person)
            figures: dict[str, Any] = {}
            new_lines = []
            for item in items:
                measure = MEASURES.get(item.measure)
                if measure is None or item.measure == "manual":
                    continue
                found = measure.find(scope, item.measure_options or {})
                figures[str(item.pk)] = found.figure
                for incident in found.incidents:
                    new_lines.append(
                        ScorecardLine(
                            scorecard=card,
                            item=item,
                            kind=LineKind.COMPUTED,
                            points=item.points,
                            occurred_at=incident.occurred_at,
                            note=incident.note,
                            **_source_fields(incident.source),
                        )
                    )
            ScorecardLine.objects.bulk_create(new_lines)
            card.breakdown = {"figures": figures}
            _rescore(card)
            card.computed_at = now
            _save_totals(card, "computed_at")
            audit_record(
                actor=actor,
                action="assessment.scorecard_computed",
                target=card,
                site=template.site,
                at=now,
                changes={"total": [before, str(card.total)], "lines": [None, len(new_lines)]},
            )
            cards.append(card)
    return cards


def scorecards_run_due(*, today: date | None = None, now: datetime | None = None) -> int:
    """The background run: on a template's run day (or later), assess the previous month.

    Months already computed are left alone, so the daily task can run every
    day (or every minute) without recomputing; signed-off months are skipped.
    Returns how many scorecards were computed.
    """
    now = now or timezone.now()
    today = today or timezone.localtime(now).date()
    month = rules.previous_month(today)
    computed = 0
    for template in ScorecardTemplate.objects.filter(is_active=True, run_day__lte=today.day):
        if Scorecard.objects.filter(
            template=template, month=month, computed_at__isnull=False
        ).exists():
            continue
        try:
            computed += len(scorecard_run(actor=None, template=template, month=month, now=now))
        except Conflict:
            continue
    return computed


# --- entries, sign-off, adjustments ----------------------------------------------------


def _lock(card: Scorecard) -> Scorecard:
    return (
        Scorecard.objects.select_for_update(of=("self",)).select_related("template").get(pk=card.pk)
    )


@transaction.atomic
def scorecard_entry_add(
    *,
    actor: Any,
    scorecard: Scorecard,
    item: ScorecardItem,
    reason: str,
    approver: Any,
    points: Decimal | None = None,
    source: models.Model | None = None,
    occurred_at: datetime | None = None,
    now: datetime | None = None,
) -> ScorecardLine:
    """An assessor's incident on an item, with a reason and a named approver.

    For ranged items (seed 002 L168: confidentiality −5 to −15 "视情节的严重性")
    the assessor picks ``points`` within the range; otherwise the item's points
    apply. Refused on a signed-off month.
    """
    now = now or timezone.now()
    card = _lock(scorecard)
    _require(actor, card.site, ASSESS, now)
    if card.status == ScorecardStatus.SIGNED_OFF:
        raise ScorecardFrozen()
    if item.section.template_id != card.template_id:
        raise ItemNotOnCard()
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(fields={"reason": [str(ReasonRequired.default_message)]})
    _check_approver(approver, actor, card.site, now)
    if points is None:
        points = item.points
    high = item.points_up_to if item.points_up_to is not None else item.points
    if not (item.points <= points <= high):
        raise PointsOutOfRange(fields={"points": [f"{item.points}–{high}"]})
    line = ScorecardLine.objects.create(
        scorecard=card,
        item=item,
        kind=LineKind.MANUAL,
        points=Decimal(points).quantize(CENTS),
        occurred_at=occurred_at or now,
        note=reason,
        entered_by=actor,
        approved_by=approver,
        **_source_fields(source),
    )
    before = str(card.total)
    _rescore(card)
    _save_totals(card)
    audit_record(
        actor=actor,
        action="assessment.scorecard_entry_added",
        target=card,
        site=card.site,
        at=now,
        note=reason,
        changes={"total": [before, str(card.total)], "item": [None, item.code]},
    )
    return line


@transaction.atomic
def scorecard_sign_off(
    *, actor: Any, scorecard: Scorecard, now: datetime | None = None
) -> Scorecard:
    """Sign the month off: from now on it is frozen (corrections are adjustments)."""
    now = now or timezone.now()
    card = _lock(scorecard)
    _require(actor, card.site, APPROVE, now)
    if card.status == ScorecardStatus.SIGNED_OFF or card.computed_at is None:
        raise ScorecardFrozen() if card.computed_at else Conflict()
    card.status = ScorecardStatus.SIGNED_OFF
    card.signed_off_by = actor
    card.signed_off_at = now
    card.save(update_fields=["status", "signed_off_by", "signed_off_at", "updated_at"])
    audit_record(
        actor=actor,
        action="assessment.scorecard_signed_off",
        target=card,
        site=card.site,
        at=now,
        changes={"status": [ScorecardStatus.DRAFT, card.status], "total": [None, str(card.total)]},
    )
    return card


@transaction.atomic
def scorecard_adjust(
    *,
    actor: Any,
    scorecard: Scorecard,
    points: Decimal,
    reason: str,
    approver: Any,
    item: ScorecardItem | None = None,
    source: models.Model | None = None,
    now: datetime | None = None,
) -> ScorecardLine:
    """Correct a signed-off month: a signed ``points`` change with a reason and an approver."""
    now = now or timezone.now()
    card = _lock(scorecard)
    _require(actor, card.site, ASSESS, now)
    if card.status != ScorecardStatus.SIGNED_OFF:
        raise ScorecardNotSignedOff()
    if item is not None and item.section.template_id != card.template_id:
        raise ItemNotOnCard()
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(fields={"reason": [str(ReasonRequired.default_message)]})
    _check_approver(approver, actor, card.site, now)
    line = ScorecardLine.objects.create(
        scorecard=card,
        item=item,
        kind=LineKind.ADJUSTMENT,
        points=Decimal(points).quantize(CENTS),
        occurred_at=now,
        note=reason,
        entered_by=actor,
        approved_by=approver,
        **_source_fields(source),
    )
    before = str(card.total)
    _rescore(card)
    _save_totals(card)
    audit_record(
        actor=actor,
        action="assessment.scorecard_adjusted",
        target=card,
        site=card.site,
        at=now,
        note=reason,
        changes={"total": [before, str(card.total)], "adjustment": [None, str(line.points)]},
    )
    return line
