"""Setting a site up with a field-service preset (``kefu.field.policies``)."""

from django.db import transaction

from kefu.core.services import audit_record
from kefu.field.errors import PresetUnknown
from kefu.field.models import Checkpoint, FieldSettings, WarrantyRule
from kefu.field.policies import DEPARTMENTS, PRESETS
from kefu.org.models import Department, Position, Site, User


@transaction.atomic
def field_preset_apply(*, actor: User | None, site: Site, key: str) -> FieldSettings:
    """Set ``site`` up with the preset ``key``. Idempotent.

    Adds the preset's departments and positions when missing and grants each
    position its field capabilities; copies the clocks, cash limit and patrol
    interval into the site's settings; adds the site-wide warranty rule of a
    fixed-period preset (decoration: 3 years, seed 004 L269) and the patrol
    checkpoints (seed 004 L237–265).
    """
    preset = PRESETS.get(key)
    if preset is None:
        raise PresetUnknown(fields={"preset": [key]})
    for code, name, dept_code, capabilities in preset.positions:
        department, _new = Department.objects.get_or_create(
            site=site, code=dept_code, defaults={"name": DEPARTMENTS.get(dept_code, dept_code)}
        )
        position, _new = Position.objects.get_or_create(
            site=site, code=code, defaults={"name": name, "department": department}
        )
        held = list(position.capabilities or [])
        missing = [c for c in capabilities if c not in held]
        if missing:
            position.capabilities = held + missing
            position.save(update_fields=["capabilities", "updated_at"])
    settings, created = FieldSettings.objects.get_or_create(
        site=site, defaults={"preset_key": key, **preset.settings}
    )
    if preset.warranty.key == "fixed":
        WarrantyRule.objects.get_or_create(
            site=site,
            product=None,
            defaults={"months": preset.warranty.months, "seed": preset.seed},
        )
    for order, (name, signs) in enumerate(preset.checkpoints, 1):
        Checkpoint.objects.get_or_create(
            site=site, order=order, defaults={"name": name, "requires_signature": signs}
        )
    audit_record(
        actor=actor,
        action="field.preset_applied",
        target=site,
        site=site,
        note=key,
        changes={"field_settings": [None, settings.pk]} if created else {},
    )
    return settings
