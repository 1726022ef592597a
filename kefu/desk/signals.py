"""Signals that keep ``kefu.desk.config``'s per-process cache honest.

Not business logic: each receiver only gives the site's desk configuration a
new version (``desk_config_changed``) in the transaction of the write, whatever
made it (the admin, a preset, a service, a shell). Services that write with
``update()`` or ``bulk_create()`` call ``desk_config_changed`` themselves.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from kefu.desk.config import desk_config_changed
from kefu.desk.models import (
    Category,
    Channel,
    NumberingScheme,
    RequestType,
    SlaPolicy,
    SlaTarget,
)
from kefu.org.models import Department, Position

#: Models with a ``site`` whose rows are part of a site's desk configuration.
SITE_MODELS = (RequestType, Channel, Category, NumberingScheme, SlaPolicy, Position, Department)


def _site_row_changed(sender, instance, **kwargs) -> None:
    if instance.site_id is not None:
        desk_config_changed(instance.site_id)


def _target_changed(sender, instance, **kwargs) -> None:
    site_id = SlaPolicy.objects.filter(pk=instance.policy_id).values_list("site_id", flat=True)
    for pk in site_id:
        desk_config_changed(pk)


def _registrars_changed(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_") and isinstance(instance, RequestType):
        desk_config_changed(instance.site_id)


def watch_site_models(models, label: str) -> None:
    """Give a row's site a new configuration version whenever a row of ``models``
    (each with a ``site``) is saved or deleted; ``label`` names the receivers."""
    for model in models:
        uid = f"{label}:{model._meta.label}"
        post_save.connect(_site_row_changed, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_site_row_changed, sender=model, dispatch_uid=f"{uid}:delete")


def connect() -> None:
    """Wire the receivers (from ``DeskConfig.ready()``)."""
    watch_site_models(SITE_MODELS, "desk_config")
    post_save.connect(_target_changed, sender=SlaTarget, dispatch_uid="desk_config:target:save")
    post_delete.connect(_target_changed, sender=SlaTarget, dispatch_uid="desk_config:target:del")
    m2m_changed.connect(
        _registrars_changed,
        sender=RequestType.registrar_positions.through,
        dispatch_uid="desk_config:registrars",
    )
