"""Background work of the notify app (django-tasks). Tasks only wrap services."""

from django_tasks import task

from kefu.notify import services


@task()
def deliver_pending(limit: int = 200) -> int:
    """Send the outbox (email, SMS, WeChat); returns how many were sent."""
    return services.deliveries_send(limit=limit)
