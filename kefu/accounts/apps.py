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
            }
        )
