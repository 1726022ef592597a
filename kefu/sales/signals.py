"""Signals that keep ``kefu.sales.config``'s per-process cache honest.

Not business logic: each receiver only gives the site's configuration a new
version (``kefu.desk.config.desk_config_changed``: one version per site, for the
desk's configuration and the sales office's) in the transaction of the write,
whatever made it (the admin, a service, a shell). Services that write with
``update()`` or ``bulk_create()`` call ``desk_config_changed`` themselves.
"""

from kefu.desk.signals import watch_site_models
from kefu.sales.models import ReceptionGroup, SalesRole, SiteSalesPolicy

#: Models with a ``site`` whose rows are part of a site's sales configuration.
SITE_MODELS = (SiteSalesPolicy, ReceptionGroup, SalesRole)


def connect() -> None:
    """Wire the receivers (from ``SalesConfig.ready()``): the desk's, on these models."""
    watch_site_models(SITE_MODELS, "sales_config")
