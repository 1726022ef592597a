"""A per-process cache of each site's desk configuration, checked on every use.

Registering a request reads the site's request types, channels, categories
with the positions they are routed to, numbering schemes, designated
registrars, the active SLA policy with its targets and the working calendar.
Read row by row that is a dozen queries per registration; ``desk_config(site)``
answers from a copy kept in the process and costs one small query: the site's
``DeskConfigVersion`` and its default calendar's version, read together.

Every configuration write sets a new random version in the writer's
transaction (``desk_config_changed``): model saves and deletes through the
signals wired in ``DeskConfig.ready()`` (the admin, the presets, the
services), and the services that write in bulk call it themselves. The next
call in any process sees the new version and reloads, so an admin change is
honoured by the very next registration. Calendar edits bump the calendar's own
version (``kefu.calendar.services``), which is part of the same stamp.

``DeskConfigVersion`` is the site's one configuration version: the sales
office's configuration (``kefu.sales.config``) is checked against the same row
and its writes call ``desk_config_changed`` too, so a sales change also reloads
the desk's copy and a desk change the sales office's. Both are rare admin
events; one version per site is worth the spare reload.

A site without a version row (never configured since the migration) is read
fresh each time and not cached. The version is random rather than a counter
so that a rolled-back row (tests, failed saves) can never be confused with a
later one of the same number.

The cached objects are shared by every request of the process: read them, never
change them.
"""

import secrets
from dataclasses import dataclass, field

from django.db.models import F, FilteredRelation, Q, QuerySet

from kefu.calendar.rules import WorkCalendar
from kefu.core.config_cache import StampedCache
from kefu.desk import sla
from kefu.desk.models import (
    Category,
    Channel,
    DeskConfigVersion,
    NumberingScheme,
    RequestType,
    SlaPolicy,
    SlaTarget,
)
from kefu.org.models import Position, Site


@dataclass(frozen=True)
class DeskConfig:
    """One site's desk configuration as registration needs it (read only)."""

    site_id: int
    stamp: tuple
    request_types: dict[int, RequestType]
    channels: dict[int, Channel]
    categories: dict[int, Category]  # owner_position and its department loaded
    schemes: dict[int, NumberingScheme]
    registrars: dict[int, frozenset[int]]  # request type id → designated position ids
    policy: SlaPolicy | None
    targets: tuple[SlaTarget, ...] = ()
    target_specs: tuple[sla.TargetSpec, ...] = ()
    calendar: WorkCalendar | None = None
    _by_code: dict[str, RequestType] = field(default_factory=dict)

    def active_type(self, *, pk: int | None = None, code: str | None = None) -> RequestType | None:
        found = self._by_code.get(code or "") if pk is None else self.request_types.get(pk)
        return found if found is not None and found.is_active else None

    def active_channel(self, pk: int | None) -> Channel | None:
        found = self.channels.get(pk)  # type: ignore[arg-type]
        return found if found is not None and found.is_active else None

    def active_category(self, pk: int | None) -> Category | None:
        found = self.categories.get(pk)  # type: ignore[arg-type]
        return found if found is not None and found.is_active else None

    def routed_position(self, category: Category | None) -> Position | None:
        """The position ``category`` is routed to (seed 002 §3.1), with its department."""
        if category is None:
            return None
        cached = self.categories.get(category.pk)
        return cached.owner_position if cached is not None else category.owner_position


_cache: StampedCache[int, DeskConfig] = StampedCache()


def clear_desk_config_cache() -> None:
    """Forget every cached configuration (tests; after bulk imports)."""
    _cache.clear()


def desk_config_changed(site: Site | int) -> None:
    """Give ``site``'s configuration a new version; call inside the write's
    transaction. One upsert statement on both databases.

    The version covers the desk's configuration and the sales office's
    (``kefu.sales.config``): both the desk's and the sales office's writes call
    this, and either drops both cached copies (rare admin events)."""
    site_id = getattr(site, "pk", site)
    DeskConfigVersion.objects.bulk_create(
        [DeskConfigVersion(site_id=site_id, version=secrets.randbits(62))],
        update_conflicts=True,
        unique_fields=["site"],
        update_fields=["version"],
    )


#: The site's configuration version (``DeskConfigVersion``) as annotated on a
#: site row, and its path from ``Site``; ``kefu.sales.config`` reads the same.
SITE_VERSION = "_desk_version"
SITE_VERSION_PATH = "desk_config_version__version"

#: The stamp's parts, annotated on a site row (``sites_with_desk_stamp``).
_STAMP = (
    (SITE_VERSION, SITE_VERSION_PATH),
    ("_desk_calendar_pk", "default_calendar__pk"),
    ("_desk_calendar_version", "default_calendar__version"),
    ("_desk_calendar_updated_at", "default_calendar__updated_at"),
)


def sites_with_desk_stamp() -> QuerySet[Site]:
    """Sites read with their desk stamp, so that ``desk_config`` of a site read
    through this (e.g. ``access_site(..., queryset=sites_with_desk_stamp())``)
    costs no query of its own when the cached copy is current; nor does
    ``sales_config``, whose stamp is the first part (``SITE_VERSION``)."""
    return Site.objects.annotate(
        default_calendar=FilteredRelation(
            "business_calendars", condition=Q(business_calendars__is_default=True)
        ),
        **{name: F(path) for name, path in _STAMP},
    )


def desk_config_stamp(site_id: int) -> tuple:
    """The site's desk version and its default calendar's (pk, version, updated_at)."""
    row = (
        sites_with_desk_stamp()
        .filter(pk=site_id)
        .values_list(*(name for name, _path in _STAMP))
        .first()
    )
    return tuple(row) if row else (None, None, None, None)


def desk_config(site: Site | int) -> DeskConfig:
    """``site``'s desk configuration: from this process's cache when its stamp
    still matches (one query, none for a site read with ``sites_with_desk_stamp``
    in this request), else read afresh and kept."""
    site_id = getattr(site, "pk", site)
    if all(hasattr(site, name) for name, _path in _STAMP):
        stamp = tuple(getattr(site, name) for name, _path in _STAMP)
    else:  # not read with its stamp (or with the version only, as ``access_reception``)
        stamp = desk_config_stamp(site_id)
    known = stamp if stamp[0] is not None else None  # no version row: read afresh
    return _cache.get(site_id, known, lambda: _load(site_id, stamp))


def _load(site_id: int, stamp: tuple) -> DeskConfig:
    from kefu.calendar.selectors import work_calendar_for
    from kefu.desk.services import sla_target_specs

    request_types = {
        t.pk: t
        for t in RequestType.objects.filter(site_id=site_id).prefetch_related("registrar_positions")
    }
    registrars = {
        pk: frozenset(p.pk for p in t.registrar_positions.all()) for pk, t in request_types.items()
    }
    policy = SlaPolicy.objects.filter(site_id=site_id, is_active=True).first()
    targets: tuple[SlaTarget, ...] = ()
    if policy is not None:
        targets = tuple(SlaTarget.objects.filter(policy=policy).order_by("sort_order", "id"))
    return DeskConfig(
        site_id=site_id,
        stamp=stamp,
        request_types=request_types,
        channels={c.pk: c for c in Channel.objects.filter(site_id=site_id)},
        categories={
            c.pk: c
            for c in Category.objects.filter(site_id=site_id).select_related(
                "owner_position__department"
            )
        },
        schemes={s.pk: s for s in NumberingScheme.objects.filter(site_id=site_id)},
        registrars=registrars,
        policy=policy,
        targets=targets,
        target_specs=tuple(sla_target_specs(policy)) if policy is not None else (),
        calendar=work_calendar_for(site_id),
        _by_code={t.code: t for t in request_types.values()},  # code is unique per site
    )
