"""Readable labels for the audit trail's action codes.

Audit entries store stable codes (``desk.ticket_assigned``); each app registers
the translated label of its codes from its ``AppConfig.ready()``, and every
place that shows an entry — a request's timeline, the admin's audit list and
audit tables — asks ``action_label``. An unregistered code shows as itself.
"""

from collections.abc import Mapping

from django.utils.functional import Promise

_LABELS: dict[str, str | Promise] = {}


def register_action_labels(labels: Mapping[str, str | Promise]) -> None:
    """Add (or replace) the labels of some action codes."""
    _LABELS.update(labels)


def action_label(code: str) -> str:
    """The translated label of an action code, or the code when none is registered."""
    label = _LABELS.get(code)
    return str(label) if label is not None else code
