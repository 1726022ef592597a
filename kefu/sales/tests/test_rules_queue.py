"""The rotation queue per preset, with the seeds' cases, and hypothesis invariants."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kefu.sales.policies import PRESETS, AbsenceKind, MakeupReason, policy_for
from kefu.sales.rules import queue as Q

A, B, C, D = 1, 2, 3, 4


def day(*ids, groups=None, fallback=None):
    return Q.build(groups or {"g1": list(ids)}, fallback)


def serve(state, policy, **kw):
    """A walk-in arrives and the reception finishes at once."""
    state, turn = Q.next_turn(state, policy, **kw)
    return Q.finish(state, policy, turn.receiver), turn


def test_b_cyclic_table_round_robin():
    # [B] L33: 循环轮序, 周而复始
    p = policy_for("b")
    s = day(A, B, C)
    got = []
    for _ in range(6):
        s, turn = serve(s, p)
        got.append(turn.receiver)
    assert got == [A, B, C, A, B, C]


def test_b_leave_goes_to_tail_others_move_up():
    # [B] L34–35: 请假/私事外出 → 回来后列入末位次序, 其它售楼员依次提前一位
    p = policy_for("b")
    s = Q.absence_start(day(A, B, C, D), p, A, AbsenceKind.PERSONAL)
    s, turn = serve(s, p)
    assert turn.receiver == B
    s = Q.absence_end(s, p, A)
    assert s.order["g1"] == [C, D, B, A]


def test_b_official_errand_keeps_original_place():
    # [B] L36: 因公外出办事, 回来后可插队补序
    p = policy_for("b")
    s = Q.absence_start(day(A, B, C), p, A, AbsenceKind.OFFICIAL)
    s, turn = serve(s, p)
    assert turn.receiver == B
    s = Q.absence_end(s, p, A)
    assert s.order["g1"] == [A, C, B]
    assert Q.peek(s, p) == A


def test_b_short_absence_next_covers_and_customer_is_the_absentees():
    # [B] L37: 次位接待的售楼员进行义务接待, 回来后应将客户转回给该售楼员
    p = policy_for("b")
    s = Q.absence_start(day(A, B, C), p, A, AbsenceKind.SHORT)
    s, turn = Q.next_turn(s, p)
    assert (turn.receiver, turn.on_behalf_of) == (B, A)
    assert s.members[A].turns == 1 and s.members[B].turns == 0
    assert s.order["g1"] == [B, C, A]
    s = Q.finish(s, p, B)
    s = Q.absence_end(s, p, A)
    assert Q.peek(s, p) == B  # the coverer's own turn was not used


def test_b_designated_counts_as_turn_only_when_in_turn():
    # [B] L45: 指定某个售楼员接待 … 若该售楼员恰在轮序, 则算轮序
    p = policy_for("b")
    s, turn = Q.next_turn(day(A, B, C), p, designated=C)
    assert turn.receiver == C and turn.designated and s.members[C].turns == 0
    assert s.order["g1"] == [A, B, C]
    s = Q.finish(s, p, C)
    s, turn = Q.next_turn(s, p, designated=A)
    assert turn.receiver == A and s.members[A].turns == 1 and s.order["g1"] == [B, C, A]


def test_k_any_absence_even_meals_loses_the_turn():
    # [K] L173: 因故(包括上洗手间吃饭等)不能接待时视为轮空一次, 轮空后不再补
    p = policy_for("k")
    s = Q.absence_start(day(A, B, C), p, A, AbsenceKind.MEAL)
    s, turn = serve(s, p)
    assert turn.receiver == B and turn.forfeited == (A,)
    s = Q.absence_end(s, p, A)
    assert s.order["g1"] == [C, A, B]
    assert s.members[A].makeup == 0


def test_k_official_errand_by_supervisor_swap():
    # [K] L173: 由于公事外出可经过主管或经理进行调换
    s = Q.swap(day(A, B, C), A, C)
    assert s.order["g1"] == [C, B, A]


def test_k_tail_covers_absent_owners_old_customer():
    # [K] L173: 若老客户来访而负责接待的销售员不在, 则由末位销售员义务接待
    assert Q.old_customer_cover(day(A, B, C), policy_for("k")) == C
    assert Q.old_customer_cover(day(A, B, C), policy_for("b")) == A


def test_e_morning_arrival_order_and_non_work_forfeit():
    # [E] L86: 以当日早上到达案场顺序为准; L90: 非工作原因 → 视为自动放弃本轮接待权利
    order = Q.arrival_order([(C, "08:31"), (A, "08:45"), (B, "08:29")])
    assert order == [B, C, A]
    p = policy_for("e")
    s = Q.absence_start(day(*order), p, B, AbsenceKind.NON_WORK)
    s, turn = serve(s, p)
    assert turn.receiver == C and turn.forfeited == (B,)


def test_e_not_counted_reception_gives_the_turn_back():
    # [E] L86: 值班人员 … 不计入当日客户接待轮序
    p = policy_for("e")
    s, _turn = serve(day(A, B), p)
    s = Q.grant_makeup(s, p, A, MakeupReason.NOT_COUNTED)
    assert Q.peek(s, p) == A
    with pytest.raises(Q.QueueError):
        Q.grant_makeup(s, p, A, MakeupReason.AGENCY)


def test_r_groups_fallback_and_finish_to_tail():
    # [R] L315: 已接待完毕的营销顾问自行排到组内的队尾; 组内无人则由第二接待组
    p = policy_for("r")
    s = day(groups={"g1": [A, B], "g2": [C, D]}, fallback={"g1": "g2"})
    s, t1 = Q.next_turn(s, p, group="g1")
    s, t2 = Q.next_turn(s, p, group="g1")
    assert (t1.receiver, t2.receiver) == (A, B)
    assert s.order["g1"] == [A, B]  # still in place while receiving
    s, t3 = Q.next_turn(s, p, group="g1")
    assert (t3.receiver, t3.group) == (C, "g2")
    s = Q.finish(s, p, A)
    assert s.order["g1"] == [B, A]


def test_r_busy_turn_becomes_makeup_right():
    # [R] L318: 陪同客户签约、接待老客户 … 轮空的接待权由同组代替, 该营销顾问 … 再后补接待权
    p = policy_for("r")
    s = Q.absence_start(day(A, B, C), p, A, AbsenceKind.BUSY)
    s, turn = serve(s, p)
    assert turn.receiver == B and turn.makeup_granted == (A,)
    s = Q.absence_end(s, p, A)
    s, turn = serve(s, p)
    assert turn.receiver == A and turn.makeup_used


def test_r_agency_declared_gives_makeup():
    # [R] L324: 中介公司或同行市调 … 算作一次无效接待 … 候补一次接待权
    p = policy_for("r")
    s, _ = serve(day(A, B, C), p)
    s = Q.grant_makeup(s, p, A, MakeupReason.AGENCY)
    assert Q.peek(s, p) == A


def test_re002_missed_turns_made_up_one_for_one():
    # seed 002 L352: 當外出銷售員歸來時, 空幾輪, 補接幾名新客戶
    p = policy_for("re002")
    s = Q.absence_start(day(A, B, C), p, A, AbsenceKind.OFFICIAL)
    got = []
    for _ in range(4):
        s, turn = serve(s, p)
        got.append(turn.receiver)
    assert got == [B, C, B, C]
    assert s.members[A].makeup == 2
    s = Q.absence_end(s, p, A)
    s, t1 = serve(s, p)
    s, t2 = serve(s, p)
    assert (t1.receiver, t2.receiver) == (A, A)


def test_p_leave_to_tail():
    # [P] follows the plain rotation; leave → back at the tail
    p = policy_for("p")
    s = Q.absence_start(day(A, B, C), p, A, AbsenceKind.LEAVE)
    s = Q.absence_end(s, p, A)
    assert s.order["g1"] == [B, C, A]


def test_j_plain_rotation():
    # [J] has no queue rules of its own: the table's order, absences keep the place
    p = policy_for("j")
    s = Q.absence_start(day(A, B), p, A, AbsenceKind.OFFICIAL)
    s, turn = serve(s, p)
    assert turn.receiver == B


def test_queue_empty_when_nobody_is_free():
    p = policy_for("b")
    s = Q.absence_start(day(A), p, A, AbsenceKind.LEAVE)
    with pytest.raises(Q.QueueError) as exc:
        Q.next_turn(s, p)
    assert exc.value.code == "sales.queue_empty"


def test_single_consultant_forfeit_does_not_loop():
    p = policy_for("k")
    s = Q.absence_start(day(A), p, A, AbsenceKind.MEAL)
    with pytest.raises(Q.QueueError):
        Q.next_turn(s, p)


# --- hypothesis -------------------------------------------------------------------

OPS = st.lists(
    st.tuples(
        st.sampled_from(["next", "finish", "away", "back", "makeup"]),
        st.integers(0, 5),
        st.sampled_from(AbsenceKind.ALL),
    ),
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(key=st.sampled_from(sorted(PRESETS)), ops=OPS, n=st.integers(1, 6))
def test_every_consultant_on_duty_appears_exactly_once(key, ops, n):
    p = policy_for(key)
    ids = list(range(1, n + 1))
    s = day(groups={"g1": ids[: (n + 1) // 2], "g2": ids[(n + 1) // 2 :]}, fallback={"g1": "g2"})
    for op, i, kind in ops:
        cid = ids[i % n]
        try:
            if op == "next":
                s, _ = Q.next_turn(s, p, group="g1")
            elif op == "finish":
                s = Q.finish(s, p, cid)
            elif op == "away":
                s = Q.absence_start(s, p, cid, kind)
            elif op == "back":
                s = Q.absence_end(s, p, cid)
            else:
                s = Q.grant_makeup(s, p, cid, MakeupReason.AGENCY)
        except Q.QueueError:
            pass
        flat = s.all_ids()
        assert sorted(flat) == ids
        assert all(s.members[c].group == g for g in s.groups for c in s.order[g])


@settings(max_examples=150, deadline=None)
@given(n=st.integers(1, 8), walkins=st.integers(0, 60), finish_late=st.booleans())
def test_b_without_absences_counts_differ_by_at_most_one(n, walkins, finish_late):
    """Under [B] with no absences, receptions of any two consultants differ by ≤ 1."""
    p = policy_for("b")
    s = day(*range(1, n + 1))
    pending = None
    for _ in range(walkins):
        if pending is not None:
            s = Q.finish(s, p, pending)
        s, turn = Q.next_turn(s, p)
        pending = turn.receiver
        counts = [m.turns for m in s.members.values()]
        assert max(counts) - min(counts) <= 1
    if pending is not None and not finish_late:
        s = Q.finish(s, p, pending)
