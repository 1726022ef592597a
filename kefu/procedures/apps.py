from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "kefu.procedures"
    label = "procedures"
    verbose_name = _("Property procedures")

    def ready(self) -> None:
        from kefu.core.actions import register_action_labels

        register_action_labels(
            {
                "procedures.preset_applied": _("Procedure preset applied"),
                "procedures.started": _("Procedure started"),
                "procedures.item_done": _("Procedure item done"),
                "procedures.money_recorded": _("Amount recorded"),
                "procedures.refunded": _("Deposit refunded"),
                "procedures.step_done": _("Procedure step done"),
                "procedures.step_approved": _("Procedure step approved"),
                "procedures.step_rejected": _("Procedure refused at approval"),
            }
        )
