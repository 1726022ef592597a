"""Background work of the customer-files app (django-tasks). Tasks only wrap services."""

from django_tasks import task

from kefu.files.services import file_violations_repeat, files_overdue_scan, loans_remind


@task()
def files_scan_task() -> int:
    """Charge late hand-overs (F1, F4) and E3's daily repeats (seed 000 L183–201)."""
    return files_overdue_scan() + file_violations_repeat()


@task()
def loans_remind_task() -> int:
    """Remind borrowers of paper files due back today or overdue (seed 000 L515)."""
    return loans_remind()
