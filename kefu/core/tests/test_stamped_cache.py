"""``StampedCache``: the per-process cache behind ``kefu.desk.config`` and
``kefu.sales.config`` (no database)."""

from kefu.core.config_cache import StampedCache


def loader(calls: list, value):
    def load():
        calls.append(value)
        return value

    return load


def test_a_value_kept_under_the_same_stamp_is_returned_without_loading():
    cache: StampedCache[int, object] = StampedCache()
    calls: list = []
    first = cache.get(1, "v1", loader(calls, object()))
    assert cache.get(1, "v1", loader(calls, object())) is first
    assert len(calls) == 1


def test_a_changed_stamp_loads_afresh_and_keeps_the_new_value():
    cache: StampedCache[int, str] = StampedCache()
    calls: list = []
    cache.get(1, "v1", loader(calls, "old"))
    assert cache.get(1, "v2", loader(calls, "new")) == "new"
    assert cache.get(1, "v2", loader(calls, "unused")) == "new"
    assert calls == ["old", "new"]


def test_keys_are_kept_apart():
    cache: StampedCache[int, str] = StampedCache()
    calls: list = []
    cache.get(1, "v", loader(calls, "one"))
    assert cache.get(2, "v", loader(calls, "two")) == "two"
    assert cache.get(1, "v", loader(calls, "unused")) == "one"
    assert calls == ["one", "two"]


def test_an_unknown_stamp_loads_every_time_and_keeps_nothing():
    cache: StampedCache[int, str] = StampedCache()
    calls: list = []
    cache.get(1, "v1", loader(calls, "kept"))
    assert cache.get(1, None, loader(calls, "fresh")) == "fresh"
    assert cache.get(1, None, loader(calls, "fresh again")) == "fresh again"
    assert calls == ["kept", "fresh", "fresh again"]
    assert cache.get(1, "v1", loader(calls, "unused")) == "kept"  # not overwritten
    cache.clear()
    cache.get(2, None, loader(calls, "x"))
    assert len(cache) == 0


def test_clear_forgets_every_value():
    cache: StampedCache[int, str] = StampedCache()
    calls: list = []
    cache.get(1, "v", loader(calls, "a"))
    cache.get(2, "v", loader(calls, "b"))
    cache.clear()
    assert len(cache) == 0
    assert cache.get(1, "v", loader(calls, "c")) == "c"
    assert calls == ["a", "b", "c"]
