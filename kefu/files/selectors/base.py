"""Who holds which capability of the customer-files app, per site."""

from datetime import datetime

from django.utils import timezone

from kefu.org.models import Absence, PositionAssignment, User
from kefu.org.selectors import user_site_ids

KEEP = "files.keep"  # 客户档案管理员 (seed 000 L145)
ENFORCE = "files.enforce"  # 客户总监 (seed 000 L199)
MANAGE = "files.manage"  # the file manager: reviews the reads, exports and denials
SEE_PERSONAL = "files.see_personal"  # sees phones and ID numbers in full (seed 000 §5.2)
APPROVE_CLASSIFIED = "files.approve_classified"  # 客户服务部经理 (seed 000 L503)
APPROVE_TOP_SECRET = "files.approve_top_secret"  # 总经理 (seed 000 L103, L689)
APPROVE_LOAN = "files.approve_loan"  # 信息管理专员 (seed 000 L513)
APPROVE_DESTRUCTION = "files.approve_destruction"  # 总经理 (seed 000 L693)
APPROVE_COPY = "files.approve_copy"  # 客户信息主管, 总经理 (seed 000 L525, L529)
RECORDINGS = "files.recordings"  # keeps the call recordings (营运服务人员, seed 000 L35)
GRADE = "files.grade"  # grades customers A–D (seed 001 L891, seed 000 L591)
ALL_CAPABILITIES = "*"


def held_capabilities(user: User, *, at: datetime | None = None) -> dict[int, set[str]]:
    """Per site id, the capabilities ``user`` holds now: own posts and deputised ones.

    Two queries, cached on the user object for the request. A superuser holds
    ``"*"`` at every site.
    """
    cached = getattr(user, "_kefu_files_caps", None)
    if cached is not None:
        return cached
    held: dict[int, set[str]] = {}
    if not user.is_authenticated:
        return held
    if user.is_superuser:
        held = {site_id: {ALL_CAPABILITIES} for site_id in user_site_ids(user)}
    else:
        at = at or timezone.now()
        for position in PositionAssignment.objects.filter(user=user).values_list(
            "position__site_id", "position__capabilities"
        ):
            held.setdefault(position[0], set()).update(position[1] or [])
        for site_id, caps in Absence.objects.filter(
            deputy=user, starts_at__lte=at, ends_at__gt=at, cancelled_at__isnull=True
        ).values_list("position__site_id", "position__capabilities"):
            held.setdefault(site_id, set()).update(caps or [])
    user._kefu_files_caps = held  # type: ignore[attr-defined]
    return held


def may(user: User, site_id: int, capability: str) -> bool:
    caps = held_capabilities(user).get(site_id, set())
    return capability in caps or ALL_CAPABILITIES in caps


def sites_with(user: User, capability: str) -> set[int]:
    """Ids of the sites where ``user`` holds ``capability`` now."""
    return {site_id for site_id in held_capabilities(user) if may(user, site_id, capability)}


def _pk(value: int | str | None) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def sites_with_any(user: User, *capabilities: str) -> set[int]:
    """Ids of the sites where ``user`` holds at least one of ``capabilities`` now."""
    return {
        site_id
        for site_id in held_capabilities(user)
        if any(may(user, site_id, c) for c in capabilities)
    }
