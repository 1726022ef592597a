"""Setting a site up with a complaint workflow preset."""

from django.db import transaction

from kefu.complaints.errors import (
    PresetUnknown,
)
from kefu.complaints.models import (
    CompensationLimit,
    ComplaintPolicy,
)
from kefu.core.services import audit_record
from kefu.desk import services as desk
from kefu.org.models import Department, Position, Site, User

# --- configuration -------------------------------------------------------------


@transaction.atomic
def complaint_preset_apply(*, actor: User | None, site: Site, key: str) -> ComplaintPolicy:
    """Set a site up with the complaint preset ``key`` (``kefu.complaints.policies``).

    Idempotent. Applies the desk preset of the same key (types, categories,
    routing) and its SLA policy if the site has none, adds the positions the
    preset needs, grants each position its step capabilities, fills the
    authority table, and adds the closure clock (seed 000 L345: 7 days) to the
    site's SLA policy when it has none for complaints.
    """
    from kefu.complaints.policies import PRESETS
    from kefu.desk.models import SlaTarget

    preset = PRESETS.get(key)
    if preset is None:
        raise PresetUnknown(fields={"preset": [key]})
    desk.site_desk_preset_apply(actor=actor, site=site, key=key)
    sla_policy = desk.sla_active_policy(site) or desk.site_sla_preset_apply(
        actor=actor, site=site, key=key
    )
    if not SlaTarget.objects.filter(
        policy=sla_policy, clock="closure", request_type_code__in=["", "complaint"]
    ).exists():
        SlaTarget.objects.create(
            policy=sla_policy,
            clock="closure",
            kind="calendar_days",
            amount=preset["policy"]["closure_days"],
            request_type_code="complaint",
            sort_order=99,
        )
    departments = {}
    for code, name in preset["departments"]:
        departments[code], _new = Department.objects.get_or_create(
            site=site, code=code, defaults={"name": name}
        )
    for code, name, dept in preset["positions"]:
        Position.objects.get_or_create(
            site=site, code=code, defaults={"name": name, "department": departments[dept]}
        )
    for code, capabilities in preset["capabilities"].items():
        position = Position.objects.filter(site=site, code=code).first()
        if position is None:
            continue
        held = list(position.capabilities or [])
        missing = [c for c in capabilities if c not in held]
        if missing:
            position.capabilities = held + missing
            position.save(update_fields=["capabilities", "updated_at"])
    for code, amount in preset["authority"]:
        position = Position.objects.filter(site=site, code=code).first()
        if position is not None:
            CompensationLimit.objects.get_or_create(
                site=site, position=position, defaults={"max_amount": amount}
            )
    policy, created = ComplaintPolicy.objects.get_or_create(
        site=site, defaults={"preset_key": key, **preset["policy"]}
    )
    audit_record(
        actor=actor,
        action="complaints.preset_applied",
        target=site,
        site=site,
        note=key,
        changes={"complaint_policy": [None, policy.pk]} if created else {},
    )
    return policy
