"""Races on the one-time code and the rate limits (PostgreSQL row locks; SQLite's
IMMEDIATE transactions serialise the same way)."""

import threading

import pytest
from django.db import connections

from kefu.portal.errors import CodeInvalid
from kefu.portal.models import PhoneCode, PortalSession
from kefu.portal.services import phone_code_send, phone_code_verify
from kefu.portal.tests.conftest import code_of


def _race(fn, n: int) -> tuple[list[object], list[Exception]]:
    barrier = threading.Barrier(n)
    results: list[object] = []
    errors: list[Exception] = []

    def run(i: int) -> None:
        try:
            barrier.wait()
            results.append(fn(i))
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_one_code_opens_one_session_however_many_tabs_send_it(portal, sms):
    phone_code_send(settings=portal.settings, phone="13800138000", client_address="10.0.0.1")
    code = code_of(sms, "13800138000")
    results, errors = _race(
        lambda i: phone_code_verify(
            settings=portal.settings, phone="13800138000", code=code, client_address="10.0.0.1"
        ),
        4,
    )
    assert len(results) == 1 and PortalSession.objects.count() == 1
    assert len(errors) == 3 and all(isinstance(e, CodeInvalid) for e in errors)


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_wrong_codes_in_parallel_count_every_try(portal, sms):
    phone_code_send(settings=portal.settings, phone="13800138000", client_address="10.0.0.1")
    code = code_of(sms, "13800138000")
    wrong = "000000" if code != "000000" else "111111"
    _results, errors = _race(
        lambda i: phone_code_verify(
            settings=portal.settings, phone="13800138000", code=wrong, client_address="10.0.0.1"
        ),
        5,
    )
    assert len(errors) == 5
    assert PhoneCode.objects.get().tries == 5  # no lost update: the 6th try is refused
