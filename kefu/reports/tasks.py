"""Background work of the reports app (django-tasks). Tasks only wrap services."""

from django_tasks import task

from kefu.reports.services import reports_run_due


@task()
def reports_run_due_task() -> int:
    """Generate the scheduled reports whose period has ended (daily, weekly, monthly)."""
    return reports_run_due()
