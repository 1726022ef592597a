"""Background work of the field app (django-tasks). Tasks only wrap services."""

from django_tasks import task

from kefu.field.services.reminders import field_reminders_send


@task()
def field_reminders_task() -> int:
    """Late cash (seed 001 L41) and orders overdue on site (seed 004 L393)."""
    return field_reminders_send()
