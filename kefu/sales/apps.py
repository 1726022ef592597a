from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SalesConfig(AppConfig):
    name = "kefu.sales"
    label = "sales"
    verbose_name = _("Sales-office reception")

    def ready(self) -> None:
        from kefu.assessment.policies import register_ledger_rules
        from kefu.core.actions import register_action_labels
        from kefu.sales import signals
        from kefu.sales.ledger import LEDGER_RULES

        signals.connect()
        register_ledger_rules(LEDGER_RULES)

        register_action_labels(
            {
                "sales.absence_started": _("Absence started"),
                "sales.absence_ended": _("Back from absence"),
                "sales.checked_in": _("Checked in"),
                "sales.correction_requested": _("Register correction requested"),
                "sales.correction_decided": _("Register correction decided"),
                "sales.day_closed": _("Day closed"),
                "sales.deal_claimed": _("Deal claimed"),
                "sales.deal_subscribed": _("Subscription (认购) recorded"),
                "sales.deal_contracted": _("Contract (签约) recorded"),
                "sales.deposit_recorded": _("Deposit recorded"),
                "sales.dispute_filed": _("Dispute filed"),
                "sales.dispute_statement": _("Dispute statement added"),
                "sales.dispute_escalated": _("Dispute escalated"),
                "sales.dispute_decided": _("Dispute decided"),
                "sales.followed_up": _("Follow-up recorded"),
                "sales.makeup_granted": _("Make-up turn granted (补接待权)"),
                "sales.ownership_started": _("Customer ownership started"),
                "sales.ownership_ended": _("Customer ownership ended"),
                "sales.places_swapped": _("Queue places swapped"),
                "sales.policy_set": _("Reception rules set"),
                "sales.queue_compiled": _("Reception order compiled"),
                "sales.reception_finished": _("Reception finished"),
                "sales.recognised": _("Customer recognised by the owner"),
                "sales.turn_given": _("Walk-in turn given"),
                "sales.visit_registered": _("Visit registered"),
            }
        )
