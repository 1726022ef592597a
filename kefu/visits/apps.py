from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "kefu.visits"
    label = "visits"
    verbose_name = _("Return visits and satisfaction")

    def ready(self) -> None:
        from kefu.core.actions import register_action_labels

        register_action_labels(
            {
                "visits.visit_scheduled": _("Return visit scheduled"),
                "visits.visit_assigned": _("Return visit assigned"),
                "visits.visit_recorded": _("Return visit recorded"),
                "visits.visit_rescheduled": _("Return visit rescheduled"),
                "visits.visit_cancelled": _("Return visit cancelled"),
                "visits.campaign_opened": _("Survey opened"),
                "visits.campaign_closed": _("Survey closed"),
                "visits.meeting_recorded": _("Tenant meeting recorded"),
                "visits.tenant_visited": _("Tenant visited in person"),
                "visits.plan_created": _("Visit plan created"),
                "visits.campaign_target_added": _("Survey target added"),
                "visits.survey_answered": _("Survey answered"),
                "visits.corrective_action_created": _("Corrective action created"),
                "visits.corrective_action_updated": _("Corrective action updated"),
            }
        )
