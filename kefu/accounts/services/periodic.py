"""The background run of the accounts app: month-end recovery and half-yearly archives.

``accounts_run_due`` is enqueued every minute by ``manage.py sla_watch``; each
site's ``CreditSetting`` remembers the last month recovered and the last
archive period, so the work is done once per month / half year per site.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from kefu.accounts import partner_rules as pr
from kefu.accounts.models import BusinessAccount, CreditSetting, Partner
from kefu.accounts.services.credit import recovery_run
from kefu.accounts.services.partners import partner_snapshots_take
from kefu.org.models import Site


def accounts_run_due(*, now: datetime | None = None) -> int:
    """Recover last month (seed 000 L307, L313) and archive A/B partner files for the
    current half year (L379) at every site not yet done; returns the ledger and
    snapshot rows written."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    period = pr.half_year(today)
    site_ids = set(BusinessAccount.objects.values_list("site_id", flat=True)) | set(
        Partner.objects.values_list("site_id", flat=True)
    )
    written = 0
    for site in Site.objects.filter(pk__in=site_ids).order_by("pk"):
        with transaction.atomic():
            setting, _created = CreditSetting.objects.get_or_create(site=site)
            setting = CreditSetting.objects.select_for_update().get(pk=setting.pk)
            fields = []
            if setting.recovered_month is None or setting.recovered_month < last_month:
                written += len(recovery_run(actor=None, site=site, month=last_month, now=now))
                setting.recovered_month = last_month
                fields.append("recovered_month")
            if setting.snapshot_period != period:
                written += len(partner_snapshots_take(actor=None, site=site, now=now))
                setting.snapshot_period = period
                fields.append("snapshot_period")
            if fields:
                setting.save(update_fields=[*fields, "updated_at"])
    return written
