"""Reads about who works where, what they may do, and who stands in for whom.

``access_site`` is the only way pages and the API resolve a site for a user;
a site the user does not work at is reported as not found.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connections, models, router
from django.db.models import Exists, OuterRef, QuerySet, Value
from django.utils import timezone

from kefu.org.errors import AbsenceNotFound, PositionNotFound, SiteNotFound, UserNotFound
from kefu.org.models import (
    Absence,
    ApiToken,
    Capability,
    Position,
    PositionAssignment,
    Site,
    User,
)


@dataclass(frozen=True)
class ActingPosition:
    """A position a user can act in at a moment; ``on_behalf_of`` is the absent holder."""

    position: Position
    on_behalf_of: User | None = None


def user_site_ids(user: User) -> set[int]:
    """Ids of the sites a user works at (all sites for a superuser).

    Read once per user object, with the user's deputyships in the same query
    (``_posts_read``), so that ``acting_positions`` of an API request costs no
    further query.
    """
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(Site.objects.values_list("id", flat=True))
    cached = getattr(user, "_kefu_site_ids", None)
    if cached is None:
        since = timezone.now()
        read = _posts_read(user, since=since)
        user._kefu_posts = (since, read)  # type: ignore[attr-defined]
        cached = {held.position.site_id for held in read if held.on_behalf_of_id is None}
        user._kefu_site_ids = cached  # type: ignore[attr-defined]
    return cached


def mark_request_user(user: User) -> User:
    """Mark the user an API request authenticated (fresh for that request):
    ``acting_positions`` then takes their own posts and deputyships from the one
    read ``user_site_ids`` made instead of querying again. A user object outside a
    request reads them afresh, so a change of posts in between is always seen."""
    user._kefu_request_user = True  # type: ignore[attr-defined]
    return user


@dataclass(frozen=True)
class _Held:
    """One row of ``_posts_read``: a position the user holds, or holds as deputy
    for ``on_behalf_of_id`` from ``starts_at`` until ``ends_at``."""

    position: Position
    on_behalf_of_id: int | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None

    def runs_at(self, at: datetime) -> bool:
        return self.on_behalf_of_id is None or self.starts_at <= at < self.ends_at  # type: ignore[operator]


def _posts_read(
    user: User,
    *,
    since: datetime | None = None,
    at: datetime | None = None,
    site: Site | None = None,
) -> list[_Held]:
    """The user's own positions and the positions they deputise in, in one query
    (``UNION ALL``): own posts in the order they were given, then deputyships,
    latest start first, each with its absence's start and end.

    Deputyships are those still running or to come at ``since``, or those
    running at ``at``; ``site`` narrows both to one site.

    Every API request runs this, so it is one statement written once per process
    (``_posts_sql``) rather than compiled by the ORM each time: the same union
    through two querysets costs four times the CPU (≈ 1 ms, issue #16).
    """
    connection = connections[router.db_for_read(Position)]
    adapt = connection.ops.adapt_datetimefield_value
    params: list = [user.pk]
    if site is not None:
        params.append(site.pk)
    params += [user.pk, adapt(since or at)]
    if at is not None:
        params.append(adapt(at))
    if site is not None:
        params.append(site.pk)
    sql = _posts_sql(connection.alias, at is not None, site is not None)
    rows = list(Position.objects.db_manager(connection.alias).raw(sql, params))
    to_datetime = _datetime_reader(connection)
    keyed = []
    for p in rows:
        starts, ends = to_datetime(p._starts), to_datetime(p._ends)
        order = (p._holder is not None, starts and -starts.timestamp(), p._key)
        keyed.append((order, _Held(p, p._holder, starts, ends)))
    keyed.sort(key=lambda row: row[0])
    return [held for _order, held in keyed]


@functools.cache
def _posts_sql(alias: str, at: bool, site: bool) -> str:
    """``_posts_read``'s statement; its parameters are the user, [the site,] the
    user, ``since`` or ``at``, [``at``,] [the site]."""
    qn = connections[alias].ops.quote_name
    meta = Position._meta
    columns = ", ".join(f"p.{qn(f.column)}" for f in meta.concrete_fields)
    position, assignment = qn(meta.db_table), qn(PositionAssignment._meta.db_table)
    absence = qn(Absence._meta.db_table)
    own = (
        f"SELECT {columns}, NULL AS _holder, NULL AS _starts, NULL AS _ends, a.id AS _key "
        f"FROM {position} p INNER JOIN {assignment} a ON a.position_id = p.id "
        f"WHERE a.user_id = %s" + (" AND p.site_id = %s" if site else "")
    )
    deputised = (
        f"SELECT {columns}, b.holder_id, b.starts_at, b.ends_at, b.id "
        f"FROM {position} p INNER JOIN {absence} b ON b.position_id = p.id "
        f"WHERE b.deputy_id = %s AND b.cancelled_at IS NULL AND b.ends_at > %s"
        + (" AND b.starts_at <= %s" if at else "")
        + (" AND p.site_id = %s" if site else "")
    )
    return f"{own} UNION ALL {deputised}"


def _datetime_reader(connection) -> Callable[[Any], datetime | None]:
    """A datetime column's value as the backend reads it through the ORM, for a
    column of a raw statement's extra select (nothing to do on PostgreSQL, whose
    driver returns aware datetimes; parsing on SQLite)."""
    converters = connection.ops.get_db_converters(Value(None, output_field=models.DateTimeField()))

    def read(value: Any) -> datetime | None:
        for convert in converters:
            value = convert(value, None, connection)
        return value

    return read


@dataclass(frozen=True)
class TokenHolder:
    """The user an API token authenticates, with the token's id and last use."""

    user: User
    token_id: int
    last_used_at: datetime | None


def token_holder(digest: str) -> TokenHolder | None:
    """The active user holding the unrevoked API token whose key has ``digest``.

    Every API request runs this, so, like ``_posts_read``, it is one statement
    written once per process: through the ORM (the token with its user) its
    compilation cost three times the CPU of the query itself (issue #16).
    """
    connection = connections[router.db_for_read(User)]
    rows = list(
        User.objects.db_manager(connection.alias).raw(_token_sql(connection.alias), [digest])
    )
    if not rows:
        return None
    user = rows[0]
    used = _datetime_reader(connection)(user._token_used)
    return TokenHolder(user=user, token_id=user._token_id, last_used_at=used)


@functools.cache
def _token_sql(alias: str) -> str:
    qn = connections[alias].ops.quote_name
    columns = ", ".join(f"u.{qn(f.column)}" for f in User._meta.concrete_fields)
    user, token = qn(User._meta.db_table), qn(ApiToken._meta.db_table)
    return (
        f"SELECT {columns}, t.id AS _token_id, t.last_used_at AS _token_used "
        f"FROM {user} u INNER JOIN {token} t ON t.user_id = u.id "
        f"WHERE t.digest = %s AND t.revoked_at IS NULL AND u.is_active"
    )


def site_list_for(user: User) -> QuerySet[Site]:
    return Site.objects.filter(id__in=user_site_ids(user), is_active=True).order_by("code")


def access_site(
    user: User, site_id: int | str | None, *, queryset: QuerySet[Site] | None = None
) -> Site:
    """The site, if the user works there; otherwise ``SiteNotFound``. ``queryset``
    reads it with more (e.g. ``kefu.desk.config.sites_with_desk_stamp``)."""
    try:
        site_pk = int(site_id)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise SiteNotFound() from None
    if site_pk not in user_site_ids(user):
        raise SiteNotFound()
    return (Site.objects if queryset is None else queryset).get(pk=site_pk)


def active_absence(*, holder: User, position: Position, at: datetime) -> Absence | None:
    return (
        Absence.objects.filter(
            holder=holder,
            position=position,
            starts_at__lte=at,
            ends_at__gt=at,
            cancelled_at__isnull=True,
        )
        .select_related("deputy")
        .first()
    )


def acting_positions(*, user: User, site: Site, at: datetime) -> list[ActingPosition]:
    """Positions ``user`` may act in at ``site`` at ``at``.

    Their own positions, plus every position whose holder is absent and named
    them deputy for that moment (seed 002 L40: the deputy acts for the 客服主任).
    One query, none for an API request's user (``mark_request_user``) whose
    posts were read at or before ``at``.
    """
    since, read = getattr(user, "_kefu_posts", (None, None))
    if read is None or not getattr(user, "_kefu_request_user", False) or at < since:
        read = _posts_read(user, at=at, site=site)
    held = [h for h in read if h.position.site_id == site.pk and h.runs_at(at)]
    holders = {h.on_behalf_of_id for h in held if h.on_behalf_of_id is not None}
    if holders:  # a deputy at the moment: name the absent holders
        users = User.objects.in_bulk(holders)
        return [
            ActingPosition(h.position, users[h.on_behalf_of_id] if h.on_behalf_of_id else None)
            for h in held
        ]
    return [ActingPosition(h.position) for h in held]


def capability_grant(
    *, user: User, site: Site, capability: str, at: datetime
) -> ActingPosition | None:
    """How ``user`` holds ``capability`` at ``site``: their own post first, else as a deputy.

    Returns ``None`` when they do not hold it at all. A superuser holds every
    capability in their own name.
    """
    if user.is_superuser:
        return ActingPosition(Position(site=site, code="superuser", name="superuser"))
    grants = [
        acting
        for acting in acting_positions(user=user, site=site, at=at)
        if capability in (acting.position.capabilities or [])
    ]
    grants.sort(key=lambda acting: acting.on_behalf_of is not None)
    return grants[0] if grants else None


def position_recipient(*, position: Position, at: datetime) -> tuple[User | None, User | None]:
    """Who receives work routed to ``position`` at ``at``: ``(user, on_behalf_of)``.

    The first holder, or their deputy while they are absent; ``(None, None)``
    when the position is vacant.
    """
    assignment = (
        PositionAssignment.objects.filter(position=position, user__is_active=True)
        .select_related("user")
        .order_by("id")
        .first()
    )
    if assignment is None:
        return None, None
    absence = active_absence(holder=assignment.user, position=position, at=at)
    if absence is not None:
        return absence.deputy, assignment.user
    return assignment.user, None


def users_at_site(site: Site) -> QuerySet[User]:
    return (
        User.objects.filter(assignments__position__site=site, is_active=True)
        .distinct()
        .order_by("username")
    )


def users_working_at(site_ids: set[int] | None) -> QuerySet[User]:
    """Users holding a position at any of ``site_ids`` (every user when ``None``)."""
    if site_ids is None:
        return User.objects.all()
    here = PositionAssignment.objects.filter(user=OuterRef("pk"), position__site_id__in=site_ids)
    return User.objects.filter(Exists(here))


def users_manageable_by(actor: User) -> QuerySet[User]:
    """Users ``actor`` may administer: everyone for a superuser, otherwise people
    whose every position is at a site ``actor`` works at (and no superusers).

    A site's administrator must not reach another site through a shared person
    (a password reset, a token), so people who also work elsewhere are left to
    a superuser.
    """
    if actor.is_superuser:
        return User.objects.all()
    site_ids = user_site_ids(actor)
    elsewhere = PositionAssignment.objects.filter(user=OuterRef("pk")).exclude(
        position__site_id__in=site_ids
    )
    return users_working_at(site_ids).filter(~Exists(elsewhere), is_superuser=False)


def _pk(value: int | str | None) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def access_position(user: User, position_id: int | str | None) -> Position:
    """A position at a site the user works at; otherwise ``PositionNotFound``."""
    position = (
        Position.objects.filter(pk=_pk(position_id), site_id__in=user_site_ids(user))
        .select_related("site", "department")
        .first()
    )
    if position is None:
        raise PositionNotFound()
    return position


def access_user(viewer: User, user_id: int | str | None) -> User:
    """The viewer themselves or a person working at one of the viewer's sites.

    Anyone else is ``UserNotFound``, whether they exist or not.
    """
    pk = _pk(user_id)
    if pk is not None and pk == viewer.pk:
        return viewer
    user = users_working_at(user_site_ids(viewer)).filter(pk=pk).first()
    if user is None:
        raise UserNotFound()
    return user


def access_absence(user: User, absence_id: int | str | None) -> Absence:
    """An absence for a position at one of the user's sites; otherwise not found."""
    absence = (
        Absence.objects.filter(pk=_pk(absence_id), position__site_id__in=user_site_ids(user))
        .select_related("holder", "deputy", "position__site")
        .first()
    )
    if absence is None:
        raise AbsenceNotFound()
    return absence


@dataclass(frozen=True)
class SiteRoles:
    """What a user is and may do at one site right now (for ``GET /api/v1/me``)."""

    site: Site
    positions: list[Position]
    deputising: list[ActingPosition]
    capabilities: list[str]


def user_roles(user: User, at: datetime) -> list[SiteRoles]:
    """Per site the user works at: their own positions, the positions they act
    in as a deputy at ``at`` (seed 002 L40), and the capabilities of both.

    A superuser holds every capability at every site. Three queries in all.
    """
    own: dict[int, list[Position]] = {}
    for assignment in (
        PositionAssignment.objects.filter(user=user)
        .select_related("position__department")
        .order_by("position__code")
    ):
        own.setdefault(assignment.position.site_id, []).append(assignment.position)
    deputised: dict[int, list[ActingPosition]] = {}
    for absence in (
        Absence.objects.filter(
            deputy=user, starts_at__lte=at, ends_at__gt=at, cancelled_at__isnull=True
        )
        .select_related("position__department", "holder")
        .order_by("position__code")
    ):
        deputised.setdefault(absence.position.site_id, []).append(
            ActingPosition(absence.position, on_behalf_of=absence.holder)
        )
    result = []
    for site in site_list_for(user):
        positions = own.get(site.pk, [])
        acting = deputised.get(site.pk, [])
        if user.is_superuser:
            capabilities = list(Capability.values)
        else:
            held = {c for p in positions for c in p.capabilities or []}
            held |= {c for a in acting for c in a.position.capabilities or []}
            capabilities = [c for c in Capability.values if c in held]
        result.append(SiteRoles(site, positions, acting, capabilities))
    return result
