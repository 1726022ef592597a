from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "kefu.complaints"
    label = "complaints"
    verbose_name = _("Complaint handling")

    def ready(self) -> None:
        from kefu.assessment.policies import register_ledger_rules
        from kefu.complaints import receivers
        from kefu.complaints.ledger import LEDGER_RULES
        from kefu.complaints.models import STEP_LABELS
        from kefu.core.actions import register_action_labels

        receivers.connect()
        register_ledger_rules(LEDGER_RULES)
        register_action_labels({f"complaints.{step}": label for step, label in STEP_LABELS.items()})
        register_action_labels(
            {
                "complaints.refused": _("Step refused"),
                "complaints.notice_done": _("Tracked item done"),
                "complaints.preset_applied": _("Complaint workflow preset applied"),
            }
        )
