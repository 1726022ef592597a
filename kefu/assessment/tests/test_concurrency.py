"""Many runs of one month at once: one scorecard, one set of computed lines.

The (template, month, subject) unique constraint and the row lock on the card
(``select_for_update(of=("self",))``) make concurrent runs — the background task
and an assessor pressing "compute" — end with the same single card.
"""

import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections

from kefu.assessment.models import Scorecard, ScorecardLine
from kefu.assessment.services import scorecard_run
from kefu.assessment.tests.factories import telecom_site
from kefu.assessment.tests.test_services_scorecard import march_records
from kefu.core.errors import KefuError

THREADS = 6
RUN_AT = datetime(2026, 4, 7, 9, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_of_a_month_leave_one_card(xlm):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL")
    template = telecom_site(xlm)
    march_records(xlm)
    totals, codes, barrier = [], [], threading.Barrier(THREADS)

    def run():
        try:
            barrier.wait()
            [card] = scorecard_run(
                actor=None, template=template, month=date(2026, 3, 1), now=RUN_AT
            )
            totals.append(card.total)
        except KefuError as exc:
            codes.append(exc.code)
        except Exception as exc:  # pragma: no cover - reported by the assertion
            codes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    connections.close_all()
    assert codes == []
    assert len(set(totals)) == 1 and len(totals) == THREADS
    assert Scorecard.objects.count() == 1
    assert ScorecardLine.objects.count() == 6 + 1 + 2
