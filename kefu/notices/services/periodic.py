"""The notices app's periodic work, enqueued every minute by ``manage.py sla_watch``
(``tasks.notices_run_due_task``). Each part is idempotent: running it twice, or
in two workers at once, does the work once.
"""

from datetime import datetime

from kefu.notices.services.birthdays import birthday_greetings_schedule
from kefu.notices.services.rectification import rectifications_chase_overdue
from kefu.notices.services.recurring import fire_safety_notice_draft_due, greetings_send_due


def notices_run_due(*, now: datetime | None = None) -> dict[str, int]:
    """Fire-safety drafts (seed 000 L43), birthday greetings scheduled (L753, L773)
    before due greetings are sent (L59), overdue rectification letters chased (L43)."""
    return {
        "fire_safety_drafted": fire_safety_notice_draft_due(now=now),
        "birthdays_scheduled": birthday_greetings_schedule(now=now),
        "greetings_sent": greetings_send_due(now=now),
        "rectifications_chased": rectifications_chase_overdue(now=now),
    }
