"""Shared reads: the audit timeline of a record."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from kefu.core.models import AuditEntry


def audit_timeline(target: models.Model) -> QuerySet[AuditEntry]:
    """Audit entries of ``target``, oldest first, with their actors."""
    return (
        AuditEntry.objects.filter(
            target_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
            target_id=target.pk,
        )
        .select_related("actor", "on_behalf_of")
        .order_by("at", "id")
    )
