"""Background work of guest reception (django-tasks). Tasks only wrap services."""

from django_tasks import task

from kefu.guests.services import urging_urge_overdue


@task()
def urging_urge_overdue_task() -> int:
    """Urge overdue needs handed to departments (seed 003 [H] L131–137)."""
    return urging_urge_overdue()
