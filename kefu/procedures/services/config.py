"""Procedure configuration: copy a preset's fee schedule and templates to a site."""

from django.db import transaction

from kefu.core.services import audit_record
from kefu.org.models import Position, Site, User
from kefu.org.services import position_capabilities_grant
from kefu.procedures.errors import PresetUnknown
from kefu.procedures.models import FeeItem, ProcedureTemplate, TemplateItem, TemplateStep
from kefu.procedures.presets import PRESETS, TemplateSpec


@transaction.atomic
def procedure_preset_apply(*, actor: User | None, site: Site, key: str) -> list[ProcedureTemplate]:
    """Create the preset's fee items and templates at ``site`` (seed 004 §3).

    Idempotent: rows that exist (by code) are kept as the admin left them. The
    preset's positions get the ``procedures.*`` capabilities they lack.
    """
    preset = PRESETS.get(key)
    if preset is None:
        raise PresetUnknown(fields={"preset": [key]})
    fees = {}
    for code, name, category, unit, price in preset.fees:
        fees[code], _new = FeeItem.objects.get_or_create(
            site=site,
            code=code,
            defaults={"name": name, "category": category, "unit": unit, "price": price},
        )
    positions = {p.code: p for p in Position.objects.filter(site=site)}
    templates = [_template(site, key, spec, fees, positions) for spec in preset.templates]
    position_capabilities_grant(site=site, capabilities=preset.capabilities)
    for template in templates:
        audit_record(
            actor=actor,
            action="procedures.preset_applied",
            target=template,
            site=site,
            changes={"preset": [None, key]},
        )
    return templates


def _template(site, key, spec: TemplateSpec, fees, positions) -> ProcedureTemplate:
    template, created = ProcedureTemplate.objects.get_or_create(
        site=site,
        code=spec.code,
        defaults={"name": spec.name, "preset_key": key, "seed": spec.seed},
    )
    if not created:
        return template
    for order, (code, name, position, approval, days, items) in enumerate(spec.steps, start=1):
        step = TemplateStep.objects.create(
            template=template,
            order=order,
            code=code,
            name=name,
            position=positions.get(position),
            is_approval=approval,
            deadline_working_days=days,
        )
        for item_order, item in enumerate(items):
            TemplateItem.objects.create(
                step=step,
                order=item_order,
                code=item[0],
                name=item[1],
                kind=item[2],
                required=item[3],
                fee=fees.get(item[4]) if len(item) > 4 else None,
            )
    return template
