"""Reception configuration: apply a preset to a site (classes, policy, capabilities)."""

from django.db import transaction

from kefu.core.services import audit_record
from kefu.guests.errors import PresetUnknown
from kefu.guests.models import GuestClass, GuestPolicy
from kefu.guests.policies import PRESETS
from kefu.org.models import Site, User
from kefu.org.services import position_capabilities_grant


@transaction.atomic
def guest_preset_apply(*, actor: User | None, site: Site, key: str) -> GuestPolicy:
    """Copy a preset's classes a–d, escorts and caps to ``site`` (seed 000 L215–225).

    Idempotent: existing classes (by code) and an existing policy are kept as the
    admin left them; the preset's positions get the reception capabilities.
    """
    preset = PRESETS.get(key)
    if preset is None:
        raise PresetUnknown(fields={"preset": [key]})
    policy, created = GuestPolicy.objects.get_or_create(
        site=site,
        defaults={
            "preset": key,
            "escort_bands": [list(b) for b in preset.escort_bands],
            "cap_tolerance_pct": preset.cap_tolerance_pct,
            "urge_working_days": preset.urge_working_days,
            "gift_report_position": preset.gift_report_position,
        },
    )
    for order, spec in enumerate(preset.classes):
        GuestClass.objects.get_or_create(
            site=site,
            code=spec.code,
            defaults={
                "name": spec.name,
                "host_level": spec.host_level,
                "host_position": spec.host_position,
                "cap_per_head": spec.cap_per_head,
                "order": order,
            },
        )
    position_capabilities_grant(site=site, capabilities=preset.capabilities)
    audit_record(
        actor=actor,
        action="guests.preset_applied",
        target=policy,
        site=site,
        changes={"preset": [None, key]} if created else {},
    )
    return policy
