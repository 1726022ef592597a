"""Template filters for SLA countdown badges: ``sla_countdown`` and ``sla_badge``."""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.desk import sla
from kefu.desk.selectors import DUE_SOON

register = template.Library()


def _units(amount: int, unit: str) -> str:
    if unit == "min":
        return _("%(n)d min") % {"n": amount}
    if unit == "h":
        return _("%(n)d h") % {"n": amount}
    return _("%(n)d d") % {"n": amount}


@register.filter
def sla_countdown(due: datetime | None, now: datetime | None = None) -> str:
    """ "due in 3 h" or "overdue by 2 d"; empty without a deadline."""
    if due is None:
        return ""
    overdue, amount, unit = sla.countdown(due, now or timezone.now())
    if overdue:
        return _("overdue by %(time)s") % {"time": _units(amount, unit)}
    return _("due in %(time)s") % {"time": _units(amount, unit)}


@register.filter
def sla_badge(due: datetime | None, now: datetime | None = None) -> str:
    """The badge's CSS modifier: ``overdue``, ``due-soon`` or ``running``."""
    if due is None:
        return ""
    now = now or timezone.now()
    if due < now:
        return "overdue"
    return "due-soon" if due <= now + DUE_SOON else "running"
