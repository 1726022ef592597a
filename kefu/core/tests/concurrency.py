"""Run a function in several threads at once (the PostgreSQL concurrency tests)."""

import threading

from django.db import connections


def race(fn, n: int) -> tuple[list[object], list[Exception]]:
    """Call ``fn(i)`` for i in 0..n-1 in ``n`` threads released together by a
    barrier; returns the results and the exceptions. Each thread closes its
    database connections."""
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
