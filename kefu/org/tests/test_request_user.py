"""An API request reads the caller's posts once (``mark_request_user``); a user
object outside a request reads them afresh, so a change in between is seen."""

from django.utils import timezone

from kefu.org.models import Position, PositionAssignment
from kefu.org.selectors import acting_positions, mark_request_user, user_site_ids


def test_a_request_user_reads_sites_and_own_posts_in_one_query(xlm, django_assert_num_queries):
    cs = mark_request_user(xlm["cs_director"])
    with django_assert_num_queries(2):  # posts with positions; deputised posts
        assert xlm.site.pk in user_site_ids(cs)
        acting = acting_positions(user=cs, site=xlm.site, at=timezone.now())
    assert [a.position.code for a in acting] == ["cs_director"]


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
