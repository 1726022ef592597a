"""Enqueue the SLA scan every minute (the periodic part of the background work).

``manage.py db_worker`` runs what is enqueued; this command only schedules.
Run exactly one ``sla_watch`` per installation (two are harmless, only
wasteful: the scan is idempotent). ``--once`` runs one scan in this process
without a worker (cron-style, and for the restart test).
"""

import time

from django.core.management.base import BaseCommand

from kefu.desk.escalation import sla_scan
from kefu.desk.tasks import sla_scan_task


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
                time.sleep(interval)
        except KeyboardInterrupt:
            return
