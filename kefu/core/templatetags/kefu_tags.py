"""Small template helpers shared by kefu's pages."""

from datetime import timedelta

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def minutes(value: timedelta | None) -> int:
    """Whole minutes of a ``timedelta`` (the login lock-out period)."""
    if not isinstance(value, timedelta):
        return 0
    return int(value.total_seconds() // 60)


@register.simple_tag(takes_context=True)
def nav_active(context: template.Context, *names: str) -> str:
    """``aria-current="page"`` when the current URL name is one of ``names``."""
    match = getattr(context.get("request"), "resolver_match", None)
    if match is None:
        return ""
    current = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    if current in names or match.namespace in names:
        return mark_safe('aria-current="page"')
    return ""
