import pytest

from kefu.notify.senders.memory import MemorySender


@pytest.fixture
def outbox(settings):
    """Every channel goes into ``MemorySender.outbox`` (no network)."""
    settings.KEFU_NOTIFY_SENDERS = ["kefu.notify.senders.memory.MemorySender"]
    MemorySender.outbox.clear()
    MemorySender.fail_for.clear()
    yield MemorySender.outbox
    MemorySender.outbox.clear()
    MemorySender.fail_for.clear()
