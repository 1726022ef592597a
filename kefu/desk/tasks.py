"""Background work of the desk (django-tasks). Tasks only wrap services."""

from django_tasks import task

from kefu.desk import escalation


@task()
def sla_scan_task() -> int:
    """Send the SLA warnings and escalation steps that are due now."""
    return escalation.sla_scan()
