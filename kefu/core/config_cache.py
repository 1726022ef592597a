"""A per-process cache of values checked against a version stamp on every use.

The one mechanism behind ``kefu.desk.config`` (a site's desk configuration),
``kefu.sales.config`` (its sales office's configuration) and
``kefu.calendar.selectors`` (a site's working calendar): each keeps one
``StampedCache`` keyed by site, and reads the site's current stamp (the desk
and sales read the ``DeskConfigVersion`` row, written afresh by every
configuration write; the calendar reads its own version and ``updated_at``)
before asking it for the value. A value whose stamp still matches is returned as kept;
any other is loaded afresh and kept under the new stamp. A stamp of ``None``
(the site has no version row yet) means "unknown": the value is loaded afresh
every time and never kept, so nothing stale can be served.

The kept values are shared by every request of the process: read them, never
change them.
"""

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class StampedCache(Generic[K, V]):
    """Values by key, each kept with the stamp it was loaded under."""

    def __init__(self) -> None:
        self._items: dict[K, tuple[Hashable, V]] = {}
        self._lock = threading.Lock()

    def get(self, key: K, stamp: Hashable | None, load: Callable[[], V]) -> V:
        """The value kept for ``key`` when it was kept under ``stamp``; else
        ``load()``, kept under ``stamp`` unless the stamp is ``None``."""
        if stamp is not None:
            kept = self._items.get(key)
            if kept is not None and kept[0] == stamp:
                return kept[1]
        value = load()
        if stamp is not None:
            with self._lock:
                self._items[key] = (stamp, value)
        return value

    def clear(self) -> None:
        """Forget every kept value (tests; after bulk imports)."""
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)
