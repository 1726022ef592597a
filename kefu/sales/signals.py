"""Signals that keep ``kefu.sales.config``'s per-process cache honest.

Not business logic: each receiver only gives the site's configuration a new
version (``kefu.desk.config.desk_config_changed``: one version per site, for the
desk's configuration and the sales office's) in the transaction of the write,
whatever made it (the admin, a service, a shell). Services that write with
``update()`` or ``bulk_create()`` call ``desk_config_changed`` themselves.
"""

from django.db.models.signals import post_delete, post_save

from kefu.desk.config import desk_config_changed
from kefu.sales.models import ReceptionGroup, SalesRole, SiteSalesPolicy

#: Models with a ``site`` whose rows are part of a site's sales configuration.
SITE_MODELS = (SiteSalesPolicy, ReceptionGroup, SalesRole)


def _site_row_changed(sender, instance, **kwargs) -> None:
    if instance.site_id is not None:
        desk_config_changed(instance.site_id)


def connect() -> None:
    """Wire the receivers (from ``SalesConfig.ready()``)."""
    for model in SITE_MODELS:
        uid = f"sales_config:{model._meta.label}"
        post_save.connect(_site_row_changed, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_site_row_changed, sender=model, dispatch_uid=f"{uid}:delete")
