"""Enqueue the SLA scan and an outbox sweep every minute (the periodic background work).

``manage.py db_worker`` runs what is enqueued; this command only schedules.
Run exactly one ``sla_watch`` per installation (two are harmless, only
wasteful: the scan is idempotent). ``--once`` runs one scan in this process
without a worker (cron-style, and for the restart test).
"""

import time

from django.core.management.base import BaseCommand

from kefu.accounts.tasks import accounts_run_due_task
from kefu.assessment.tasks import scorecards_run_due_task
from kefu.desk.escalation import sla_scan
from kefu.desk.tasks import sla_scan_task
from kefu.field.tasks import field_reminders_task
from kefu.files.tasks import (
    files_scan_task,
    loans_remind_task,
    retention_scan_task,
    reviews_remind_task,
)
from kefu.guests.tasks import urging_urge_overdue_task
from kefu.notices.tasks import notices_run_due_task
from kefu.notify.tasks import deliver_pending
from kefu.reports.tasks import reports_run_due_task


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
                reports_run_due_task.enqueue()  # a no-op unless a period has ended
                urging_urge_overdue_task.enqueue()  # urges overdue 催办 items (guests)
                files_scan_task.enqueue()  # late file hand-overs and E3's daily repeats
                loans_remind_task.enqueue()  # one reminder a day per loan due or overdue
                retention_scan_task.enqueue()  # expired files, recordings; one notice a day
                reviews_remind_task.enqueue()  # custody inspections, grade reviews; weekly
                field_reminders_task.enqueue()  # late cash, orders overdue on site
                accounts_run_due_task.enqueue()  # once per site and month / half year
                notices_run_due_task.enqueue()  # monthly fire-safety drafts, due greetings
                time.sleep(interval)
        except KeyboardInterrupt:
            return
