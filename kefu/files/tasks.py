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


@task()
def import_check_task(job_id: int) -> str:
    """Check an uploaded customer import row by row (progress on the page)."""
    from kefu.files.models import ImportJob
    from kefu.files.services import import_check

    return import_check(job=ImportJob.objects.get(pk=job_id)).status


@task()
def import_run_task(job_id: int) -> str:
    """Write a confirmed customer import, all or nothing."""
    from kefu.files.models import ImportJob
    from kefu.files.services import import_run

    return import_run(job=ImportJob.objects.get(pk=job_id)).status


@task()
def retention_scan_task() -> int:
    """The daily retention job: what has expired of every kind, told to the file managers
    (customer files 10 years, recordings ≥ 30 days, complaint records by the site's rule)."""
    from kefu.files.services import retention_scan

    return sum(counts.total for counts in retention_scan())


@task()
def reviews_remind_task() -> int:
    """Weekly reminders of due custody inspections (half-yearly) and grade reviews."""
    from kefu.files.services import reviews_remind

    return reviews_remind()
