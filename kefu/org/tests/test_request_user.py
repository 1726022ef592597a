"""An API request reads the caller's posts and deputyships once, in one query
(``mark_request_user``); a user object outside a request reads them afresh, so a
change in between is seen."""

from datetime import timedelta

from django.utils import timezone

from kefu.org.models import Position, PositionAssignment, User
from kefu.org.selectors import acting_positions, mark_request_user, user_site_ids
from kefu.org.services import absence_declare


def _deputise(xlm, starts, ends):
    """cs_director is away and names cs_deputy deputy (seed 002 L40)."""
    absence_declare(
        actor=xlm["cs_director"],
        holder=xlm["cs_director"],
        position=xlm.position("cs_director"),
        deputy=xlm["cs_deputy"],
        starts_at=starts,
        ends_at=ends,
        reason="年假",
    )


def _codes(acting):
    return [(a.position.code, a.on_behalf_of) for a in acting]


def test_a_request_user_reads_sites_posts_and_deputyships_in_one_query(
    xlm, django_assert_num_queries
):
    cs = mark_request_user(xlm["cs_director"])
    with django_assert_num_queries(1):  # posts and deputyships with their positions
        assert xlm.site.pk in user_site_ids(cs)
        acting = acting_positions(user=cs, site=xlm.site, at=timezone.now())
    assert _codes(acting) == [("cs_director", None)]


def test_a_request_deputy_acts_for_the_holder_from_the_one_read(xlm, django_assert_num_queries):
    now = timezone.now()
    _deputise(xlm, now - timedelta(hours=1), now + timedelta(days=2))
    fresh = acting_positions(user=xlm["cs_deputy"], site=xlm.site, at=now)
    deputy = mark_request_user(User.objects.get(pk=xlm["cs_deputy"].pk))
    with django_assert_num_queries(2):  # posts and deputyships; the absent holder
        assert xlm.site.pk in user_site_ids(deputy)
        acting = acting_positions(user=deputy, site=xlm.site, at=timezone.now())
    assert _codes(acting) == _codes(fresh)
    assert ("cs_director", xlm["cs_director"]) in _codes(acting)


def test_a_deputyship_is_honoured_only_while_it_runs(xlm):
    """The read keeps deputyships still to come; each moment takes those running then."""
    now = timezone.now()
    _deputise(xlm, now + timedelta(hours=1), now + timedelta(hours=2))
    deputy = mark_request_user(User.objects.get(pk=xlm["cs_deputy"].pk))
    user_site_ids(deputy)
    for at, deputised in [
        (now, False),
        (now + timedelta(minutes=90), True),
        (now + timedelta(hours=2), False),
        (now - timedelta(days=1), False),  # before the read: read afresh
    ]:
        acting = acting_positions(user=deputy, site=xlm.site, at=at)
        assert (("cs_director", xlm["cs_director"]) in _codes(acting)) is deputised, at
        assert _codes(acting) == _codes(
            acting_positions(user=xlm["cs_deputy"], site=xlm.site, at=at)
        )


def test_a_deputyship_gives_no_site(xlm, pmc):
    """Working at a site comes from one's own posts; a deputyship adds none."""
    now = timezone.now()
    _deputise(xlm, now - timedelta(hours=1), now + timedelta(days=2))
    assert user_site_ids(User.objects.get(pk=xlm["cs_deputy"].pk)) == {xlm.site.pk}


def test_a_user_outside_a_request_sees_a_new_post_at_once(xlm):
    cs = xlm["cs_director"]
    assert xlm.site.pk in user_site_ids(cs)
    before = {a.position.code for a in acting_positions(user=cs, site=xlm.site, at=timezone.now())}
    PositionAssignment.objects.create(
        user=cs, position=Position.objects.get(site=xlm.site, code="production_manager")
    )
    after = {a.position.code for a in acting_positions(user=cs, site=xlm.site, at=timezone.now())}
    assert after == before | {"production_manager"}


def test_the_api_sees_a_removed_post_on_the_next_request(xlm):
    from kefu.core.tests.api_support import Api

    api = Api(xlm["cs_director"])
    assert api.get(f"/sites/{xlm.site.pk}/config").status_code == 200
    PositionAssignment.objects.filter(user=xlm["cs_director"]).delete()
    assert api.get(f"/sites/{xlm.site.pk}/config").status_code == 404
