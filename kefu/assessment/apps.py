from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "kefu.assessment"
    label = "assessment"
    verbose_name = _("Assessment")

    def ready(self) -> None:
        from kefu.core.actions import register_action_labels

        register_action_labels(
            {
                "assessment.ledger_entry_recorded": _("Ledger entry recorded"),
            }
        )
