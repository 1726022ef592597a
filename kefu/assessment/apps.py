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
                "assessment.ledger_entry_approved": _("Ledger entry approved"),
                "assessment.ledger_entry_appealed": _("Ledger entry appealed"),
                "assessment.ledger_appeal_decided": _("Ledger appeal decided"),
                "assessment.template_preset_applied": _("Scorecard preset applied"),
                "assessment.scorecard_computed": _("Scorecard computed"),
                "assessment.scorecard_entry_added": _("Scorecard entry added"),
                "assessment.scorecard_signed_off": _("Scorecard signed off"),
                "assessment.scorecard_adjusted": _("Scorecard adjusted"),
            }
        )
