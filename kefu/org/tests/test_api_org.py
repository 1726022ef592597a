"""The org API: the caller, their sites, a site's desk set-up, absences and deputies."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kefu.core.tests.api_support import Api, assert_error, assert_refused, audit_mark, audit_since
from kefu.org.models import Absence
from kefu.org.services import absence_declare
from kefu.org.tests.factories import UserFactory


@pytest.fixture
def window():
    now = timezone.now()
    return now - timedelta(hours=1), now + timedelta(days=2)


def absence_body(xlm, window, **changes):
    starts, ends = window
    body = {
        "position_id": xlm.position("cs_director").pk,
        "deputy_id": xlm["cs_deputy"].pk,
        "starts_at": starts,
        "ends_at": ends,
        "reason": "年假",
    }
    body.update(changes)
    return body


# --- GET /me, GET /sites -------------------------------------------------------------------


def test_me_lists_the_callers_sites_positions_and_capabilities(xlm, pmc):
    data = Api(xlm["cs_director"]).get("/me").json()
    assert data["user"]["username"] == xlm["cs_director"].username
    [site] = data["sites"]
    assert site["site"]["code"] == "xlm"
    assert [p["code"] for p in site["positions"]] == ["cs_director"]
    assert site["positions"][0]["department"]["code"] == "cs"
    assert site["capabilities"] == [
        "desk.register",
        "desk.triage",
        "desk.handle",
        "desk.close",
        "desk.reopen",
    ]
    assert site["deputising"] == []


def test_me_shows_the_positions_a_deputy_acts_in_now(xlm, window):
    # seed 002 L40: the deputy acts as 客服主任 while the holder is away
    director = xlm["cs_director"]
    absence_declare(
        actor=director,
        holder=director,
        position=xlm.position("cs_director"),
        deputy=xlm["cs_deputy"],
        starts_at=window[0],
        ends_at=window[1],
    )
    [site] = Api(xlm["cs_deputy"]).get("/me").json()["sites"]
    assert [p["code"] for p in site["positions"]] == ["cs_deputy"]
    [acting] = site["deputising"]
    assert acting["position"]["code"] == "cs_director"
    assert acting["on_behalf_of"]["username"] == director.username
    assert "desk.triage" in site["capabilities"]  # only through the deputyship


def test_sites_lists_only_the_callers_sites(xlm, pmc):
    assert [s["code"] for s in Api(pmc["gm"]).get("/sites").json()] == ["pmc"]
    root = UserFactory(username="root", is_superuser=True)
    assert [s["code"] for s in Api(root).get("/sites").json()] == ["pmc", "xlm"]


# --- GET /sites/{id}/config -----------------------------------------------------------------


def test_the_config_lists_channels_types_with_numbering_and_routed_categories(xlm):
    data = Api(xlm["cs_director"]).get(f"/sites/{xlm.site.pk}/config").json()
    assert [c["code"] for c in data["channels"]] == [
        "phone",
        "written",
        "visit",
        "email",
        "meeting",
    ]
    complaint = next(t for t in data["request_types"] if t["code"] == "complaint")
    # seed 002 L50: YYMMDDNNN, the sequence restarts every year
    assert complaint["numbering"] | {"name": None} == {
        "code": "complaint",
        "name": None,
        "prefix": "",
        "date_format": "yymmdd",
        "seq_digits": 3,
        "reset": "yearly",
    }
    assert [p["code"] for p in complaint["registrar_positions"]] == ["cs_director"]
    assert complaint["can_register"] is True
    routed = {c["code"]: c["routed_position"]["code"] for c in data["categories"]}
    assert routed == {
        "grievance": "vp_sales",
        "suggestion": "vp_sales",
        "product_quality": "production_manager",
        "packaging": "logistics_director",
        "service_quality": "system_head",
    }


def test_the_config_tells_who_may_register_which_type(xlm):
    # seed 002 L40: complaints only by the 客服主任
    types = Api(xlm["cs_deputy"]).get(f"/sites/{xlm.site.pk}/config").json()["request_types"]
    assert {t["code"]: t["can_register"] for t in types} == {"complaint": False, "enquiry": True}


def test_another_sites_config_is_not_found(xlm, pmc):
    for site_id in (xlm.site.pk, 999_999):
        response = Api(pmc["cs_director"]).get(f"/sites/{site_id}/config")
        assert_error(response, 404, "org.site_not_found")


# --- POST /absences -----------------------------------------------------------------------


def test_the_holder_declares_an_absence_and_names_a_deputy(xlm, window):
    mark = audit_mark()
    response = Api(xlm["cs_director"]).post("/absences", absence_body(xlm, window))
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["holder"]["username"] == xlm["cs_director"].username  # the caller by default
    assert data["deputy"]["username"] == xlm["cs_deputy"].username
    assert (data["position"]["code"], data["reason"], data["cancelled_at"]) == (
        "cs_director",
        "年假",
        None,
    )
    [entry] = audit_since(mark)
    assert (entry.action, entry.actor, entry.target_id) == (
        "org.absence_declared",
        xlm["cs_director"],
        data["id"],
    )


def test_a_site_manager_declares_an_absence_for_the_holder(xlm, window):
    body = absence_body(xlm, window, holder_id=xlm["cs_director"].pk)
    response = Api(xlm["gm"]).post("/absences", body)
    assert response.status_code == 201, response.json()
    assert response.json()["holder"]["username"] == xlm["cs_director"].username


@pytest.mark.parametrize(
    ("who", "changes", "status", "code"),
    [
        (
            "cs_director",
            lambda xlm, pmc, w: {"position_id": pmc.position("cs_director").pk},
            404,
            "org.position_not_found",
        ),
        (
            "cs_director",
            lambda xlm, pmc, w: {"deputy_id": pmc["cs_clerk"].pk},
            404,
            "org.user_not_found",
        ),
        (
            "cs_director",
            lambda xlm, pmc, w: {"holder_id": pmc["cs_director"].pk},
            404,
            "org.user_not_found",
        ),
        ("vp_sales", lambda xlm, pmc, w: {}, 400, "org.not_position_holder"),
        (
            "cs_director",
            lambda xlm, pmc, w: {"deputy_id": xlm["cs_director"].pk},
            400,
            "org.invalid_deputy",
        ),
        ("cs_director", lambda xlm, pmc, w: {"ends_at": w[0]}, 400, "org.absence_period_invalid"),
        (
            "vp_sales",
            lambda xlm, pmc, w: {"holder_id": xlm["cs_director"].pk},
            403,
            "org.cannot_manage_absence",
        ),
        ("cs_director", lambda xlm, pmc, w: {"deputy_id": None}, 422, "invalid"),
        ("cs_director", lambda xlm, pmc, w: {"starts_at": "soon"}, 422, "invalid"),
    ],
)
def test_a_refused_absence_writes_nothing(xlm, pmc, window, who, changes, status, code):
    body = absence_body(xlm, window, **changes(xlm, pmc, window))
    assert_refused(lambda: Api(xlm[who]).post("/absences", body), status, code)


def test_overlapping_absences_conflict(xlm, window):
    Api(xlm["cs_director"]).post("/absences", absence_body(xlm, window))
    later = (window[0] + timedelta(days=1), window[1] + timedelta(days=1))
    assert_refused(
        lambda: Api(xlm["cs_director"]).post("/absences", absence_body(xlm, later)),
        409,
        "org.absence_overlaps",
    )


# --- POST /absences/{id}/cancel -------------------------------------------------------------


@pytest.fixture
def absence(xlm, window) -> Absence:
    return absence_declare(
        actor=xlm["cs_director"],
        holder=xlm["cs_director"],
        position=xlm.position("cs_director"),
        deputy=xlm["cs_deputy"],
        starts_at=window[0],
        ends_at=window[1],
    )


def test_the_holder_cancels_an_absence(xlm, absence):
    mark = audit_mark()
    response = Api(xlm["cs_director"]).post(f"/absences/{absence.pk}/cancel")
    assert response.status_code == 200, response.json()
    assert response.json()["cancelled_at"] is not None
    [entry] = audit_since(mark)
    assert (entry.action, entry.actor, entry.target_id) == (
        "org.absence_cancelled",
        xlm["cs_director"],
        absence.pk,
    )


def test_only_the_holder_or_a_manager_cancels_an_absence(xlm, absence):
    assert_refused(
        lambda: Api(xlm["cs_deputy"]).post(f"/absences/{absence.pk}/cancel"),
        403,
        "org.cannot_manage_absence",
    )
    assert Absence.objects.get(pk=absence.pk).cancelled_at is None


def test_another_sites_absence_is_not_found(xlm, pmc, absence):
    for absence_id in (absence.pk, 999_999):
        assert_refused(
            lambda a=absence_id: Api(pmc["gm"]).post(f"/absences/{a}/cancel"),
            404,
            "org.absence_not_found",
        )
    assert Absence.objects.get(pk=absence.pk).cancelled_at is None
