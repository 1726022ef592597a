"""Display helpers of the sales pages."""

from django import template

from kefu.sales.policies import AbsenceKind, MakeupReason, Role, SplitRule

register = template.Library()


@register.filter
def yuan(fen: int | None) -> str:
    """``123456`` fen → ``"1,234.56"``."""
    if fen is None:
        return "-"
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(int(fen)), 100)
    return f"{sign}{whole:,}.{cents:02d}"


@register.filter
def absence_label(code: str) -> str:
    return str(AbsenceKind.LABELS.get(code, code))


@register.filter
def split_label(code: str) -> str:
    return str(SplitRule.LABELS.get(code, code))


@register.filter
def makeup_label(code: str) -> str:
    return str(MakeupReason.LABELS.get(code, code))


@register.filter
def role_label(code: str) -> str:
    return str(Role.LABELS.get(code, code))


@register.filter
def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"
