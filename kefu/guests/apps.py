from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuestsConfig(AppConfig):
    name = "kefu.guests"
    label = "guests"
    verbose_name = _("Guest reception")

    def ready(self) -> None:
        from kefu.core.actions import register_action_labels

        register_action_labels(
            {
                "guests.visit_booked": _("Visit booked"),
                "guests.visit_verify": _("Visit verified"),
                "guests.visit_confirm": _("Visit confirmed"),
                "guests.letter_sent": _("Confirmation letter sent"),
                "guests.visit_changed": _("Visit changed with consent"),
                "guests.refused": _("Reception step refused"),
                "guests.prep_done": _("Preparation item done"),
                "guests.spend_recorded": _("Reception spend recorded"),
                "guests.spend_decided": _("Spend over the cap decided"),
                "guests.gift_recorded": _("Gift recorded"),
                "guests.visit_receive": _("Reception recorded"),
                "guests.visit_depart": _("Departure recorded"),
                "guests.visit_close": _("Satisfaction recorded, visit closed"),
                "guests.visit_cancel": _("Visit cancelled"),
                "guests.urging_handed": _("Need handed to a department"),
                "guests.urging_progress": _("Urging progress"),
                "guests.urging_resolved": _("Urging item resolved"),
                "guests.urging_fed_back": _("Result fed back to the customer"),
                "guests.urging_urged": _("Overdue need urged"),
                "guests.preset_applied": _("Reception preset applied"),
            }
        )
