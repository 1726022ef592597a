"""Background work of the notices app (django-tasks). Tasks only wrap services."""

from django_tasks import task

from kefu.notices.services import notices_run_due


@task()
def notices_run_due_task() -> dict[str, int]:
    """Draft the monthly fire-safety notices, schedule birthday greetings, send due
    greetings and chase overdue rectification letters (seed 000 L43, L59, L753)."""
    return notices_run_due()
