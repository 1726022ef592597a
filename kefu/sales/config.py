"""A per-process cache of each sales office's configuration, checked on every use.

"Next" and "finish" need the site's policy (preset + overrides), its reception
groups with their fallbacks and the sales roles its positions play. Read row by
row that is three queries per press; ``sales_config(site)`` answers from a copy
kept in the process and costs at most one small query (the site's
``SalesConfigVersion``), none when the site was read with
``sites_with_sales_stamp()`` (``access_site``) or the reception with
``access_reception``.

This follows ``kefu.desk.config`` exactly: every write to ``SiteSalesPolicy``,
``ReceptionGroup`` or ``SalesRole`` sets a new random version in the writer's
transaction (``sales_config_changed``, through the signals wired in
``SalesConfig.ready()``; ``site_sales_setup`` calls it for its ``update()``),
so the next press in any process sees the new version and reloads: an admin
change is honoured by the very next press. A site without a version row is read
fresh each time and not cached.

The cached objects are shared by every request of the process: read them, never
change them.
"""

import secrets
import threading
from dataclasses import dataclass

from django.db.models import F, QuerySet

from kefu.org.models import Site
from kefu.sales.models import ReceptionGroup, SalesConfigVersion, SalesRole, SiteSalesPolicy
from kefu.sales.policies import DEFAULT_PRESET, Policy, policy_for

#: The stamp's name on a site row read through ``sites_with_sales_stamp``.
STAMP = "_sales_version"
#: Its path from ``Site``.
STAMP_PATH = "sales_config_version__version"


@dataclass(frozen=True)
class SalesConfig:
    """One sales office's configuration as the queue needs it (read only)."""

    site_id: int
    stamp: int | None
    preset: str
    policy: Policy
    groups: tuple[ReceptionGroup, ...]  # by (sort, code), ``fallback`` loaded
    roles: dict[int, frozenset[str]]  # position id → the sales roles it plays

    def roles_of(self, position_ids) -> set[str]:
        found: set[str] = set()
        for pk in position_ids:
            found |= self.roles.get(pk, frozenset())
        return found


_cache: dict[int, SalesConfig] = {}
_cache_lock = threading.Lock()


def clear_sales_config_cache() -> None:
    """Forget every cached configuration (tests; after bulk imports)."""
    with _cache_lock:
        _cache.clear()


def sales_config_changed(site: Site | int) -> None:
    """Give ``site``'s sales configuration a new version; call inside the write's
    transaction. One upsert statement on both databases."""
    site_id = getattr(site, "pk", site)
    SalesConfigVersion.objects.bulk_create(
        [SalesConfigVersion(site_id=site_id, version=secrets.randbits(62))],
        update_conflicts=True,
        unique_fields=["site"],
        update_fields=["version"],
    )


def sites_with_sales_stamp() -> QuerySet[Site]:
    """Sites read with their sales stamp, so that ``sales_config`` of a site read
    through this costs no query of its own when the cached copy is current."""
    return Site.objects.annotate(**{STAMP: F(STAMP_PATH)})


def sales_config(site: Site | int) -> SalesConfig:
    """``site``'s sales configuration: from this process's cache when its stamp
    still matches (one query, none for a site read with its stamp), else read
    afresh and kept."""
    site_id = getattr(site, "pk", site)
    if hasattr(site, STAMP):
        stamp = getattr(site, STAMP)
    else:
        stamp = (
            SalesConfigVersion.objects.filter(site_id=site_id)
            .values_list("version", flat=True)
            .first()
        )
    cached = _cache.get(site_id)
    if cached is not None and stamp is not None and cached.stamp == stamp:
        return cached
    config = _load(site_id, stamp)
    if stamp is not None:
        with _cache_lock:
            _cache[site_id] = config
    return config


def _load(site_id: int, stamp: int | None) -> SalesConfig:
    row = SiteSalesPolicy.objects.filter(site_id=site_id).first()
    preset = row.preset if row else DEFAULT_PRESET
    roles: dict[int, set[str]] = {}
    for position_id, role in SalesRole.objects.filter(site_id=site_id).values_list(
        "position_id", "role"
    ):
        roles.setdefault(position_id, set()).add(role)
    return SalesConfig(
        site_id=site_id,
        stamp=stamp,
        preset=preset,
        policy=policy_for(preset, row.overrides) if row else policy_for(DEFAULT_PRESET),
        groups=tuple(
            ReceptionGroup.objects.filter(site_id=site_id)
            .select_related("fallback")
            .order_by("sort", "code")
        ),
        roles={pk: frozenset(r) for pk, r in roles.items()},
    )
