"""Background work of the assessment app (django-tasks). Tasks only wrap services."""

from django_tasks import task

from kefu.assessment.services import scorecards_run_due


@task()
def scorecards_run_due_task() -> int:
    """Assess the previous month for every template whose run day has come (seed 002 L164)."""
    return scorecards_run_due()
