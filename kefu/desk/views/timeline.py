"""A request's timeline for display: translated action labels and readable changes.

Audit entries store codes and ids (``desk.ticket_assigned``, ``{"assignee": [None, 7]}``);
this module turns them into labels, field names and names of people and positions.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kefu.core.actions import action_label
from kefu.core.models import AuditEntry
from kefu.desk.models import Status, Ticket, Urgency
from kefu.desk.selectors import ticket_timeline

ACTION_LABELS = {
    "desk.ticket_registered": _("Registered"),
    "desk.ticket_updated": _("Details corrected"),
    "desk.ticket_accepted": _("Accepted"),
    "desk.ticket_rejected": _("Rejected"),
    "desk.ticket_assigned": _("Assigned"),
    "desk.ticket_started": _("Work started"),
    "desk.ticket_replied": _("Replied to the customer"),
    "desk.ticket_closed": _("Closed"),
    "desk.ticket_reopened": _("Reopened"),
    "desk.ticket_commented": _("Comment"),
    "desk.ticket_paused": _("Waiting on the customer (clocks paused)"),
    "desk.ticket_resumed": _("Clocks resumed"),
    "desk.ticket_urged": _("Urged"),
    "desk.preset_applied": _("Desk preset applied"),
    "desk.sla_preset_applied": _("SLA preset applied"),
    "desk.sla_warned": _("Deadline warning sent"),
    "desk.sla_escalated": _("Escalated (deadline missed)"),
}

CHOICES = {"status": Status, "urgency": Urgency}


@dataclass
class Change:
    label: str
    before: Any
    after: Any


@dataclass
class TimelineRow:
    entry: AuditEntry
    label: str
    changes: list[Change] = field(default_factory=list)


def timeline_rows(ticket: Ticket) -> list[TimelineRow]:
    entries, names = ticket_timeline(ticket)
    return [
        TimelineRow(
            entry=entry,
            label=action_label(entry.action),
            changes=[
                Change(field_label(name), display(name, b, names), display(name, a, names))
                for name, (b, a) in (entry.changes or {}).items()
            ],
        )
        for entry in entries
    ]


def field_label(name: str) -> str:
    try:
        return capfirst(Ticket._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def display(name: str, value: Any, names: dict[str, dict[int, str]]) -> Any:
    """A stored value as people read it; ``None`` for "empty"."""
    if value is None or value == "":
        return None
    if name in names:
        return names[name].get(value, f"#{value}")
    if name in CHOICES:
        try:
            return CHOICES[name](value).label
        except ValueError:
            return value
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name.endswith(("_at", "_due")) and isinstance(value, str):
        try:
            return date_format(timezone.localtime(datetime.fromisoformat(value)), "Y-m-d H:i")
        except ValueError:
            return value
    return value
