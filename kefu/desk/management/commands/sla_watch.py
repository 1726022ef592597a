"""Enqueue the SLA scan and an outbox sweep every minute (the periodic background work).

``manage.py db_worker`` runs what is enqueued; this command only schedules.
Run exactly one ``sla_watch`` per installation (two are harmless, only
wasteful: the scan is idempotent). ``--once`` runs one scan in this process
without a worker (cron-style, and for the restart test).
"""

import time

from django.core.management.base import BaseCommand

from kefu.assessment.tasks import scorecards_run_due_task
from kefu.desk.escalation import sla_scan
from kefu.desk.tasks import sla_scan_task
from kefu.guests.tasks import urging_urge_overdue_task
from kefu.notices.tasks import notices_run_due_task
from kefu.notify.tasks import deliver_pending


class Command(BaseCommand):
    help = "Enqueue the SLA warning/escalation scan every --interval seconds."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60.0)
        parser.add_argument(
            "--once", action="store_true", help="Run one scan here and now, then exit."
        )

    def handle(self, *args, interval: float, once: bool, **options):
        if once:
            sent = sla_scan()
            self.stdout.write(f"sla scan: {sent} warnings/escalations sent")
            return
        self.stdout.write(f"sla_watch: enqueueing the SLA scan every {interval:g} s")
        try:
            while True:
                sla_scan_task.enqueue()
                deliver_pending.enqueue()  # sweeps what a lost enqueue left in the outbox
                scorecards_run_due_task.enqueue()  # a no-op unless a run day has come
                urging_urge_overdue_task.enqueue()  # urges overdue 催办 items (guests)
                notices_run_due_task.enqueue()  # monthly fire-safety drafts, due greetings
                time.sleep(interval)
        except KeyboardInterrupt:
            return
