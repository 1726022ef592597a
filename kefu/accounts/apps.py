from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kefu.accounts"
    label = "accounts"
    verbose_name = _("Business accounts")

    def ready(self) -> None:
        from kefu.accounts.policies import ACCOUNT_LEDGER_RULES
        from kefu.assessment.policies import register_ledger_rules
        from kefu.core.actions import register_action_labels

        register_ledger_rules(ACCOUNT_LEDGER_RULES)
        register_action_labels(
            {
                "accounts.account_opened": _("Business account opened"),
                "accounts.account_updated": _("Business account updated"),
                "accounts.entry_recorded": _("Shipment or payment recorded"),
                "accounts.shipment_checked": _("Shipment checked against the credit limit"),
                "accounts.shipment_signed": _("Over-limit shipment signed off"),
                "accounts.shipment_past_term_approved": _("Credit past the term approved"),
                "accounts.partner_registered": _("Partner admission form started"),
                "accounts.partner_updated": _("Partner file updated"),
                "accounts.partner_onsite_checked": _("Partner checked on site"),
                "accounts.partner_submitted": _("Admission form handed to the partner office"),
                "accounts.partner_initial_checked": _("Partner office's initial check"),
                "accounts.grade_change_proposed": _("Grade change proposed"),
                "accounts.grade_change_decided": _("Grade change decided"),
                "accounts.partner_graded": _("Partner grade changed"),
                "accounts.partner_visited": _("Partner visited"),
                "accounts.partner_snapshot_taken": _("Partner file archived"),
                "accounts.plan_set": _("Sales plan set"),
                "accounts.note_added": _("Key-account note added"),
                "accounts.review_recorded": _("Monthly review recorded"),
            }
        )
