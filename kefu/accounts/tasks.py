"""Background work of the accounts app (django-tasks). Tasks only wrap services."""

from django_tasks import task

from kefu.accounts.services.periodic import accounts_run_due


@task()
def accounts_run_due_task() -> int:
    """Month-end recovery and half-yearly partner archives, once per site and period."""
    return accounts_run_due()
