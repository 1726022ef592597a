from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldConfig(AppConfig):
    name = "kefu.field"
    label = "field"
    verbose_name = _("Field service")

    def ready(self) -> None:
        from kefu.core.actions import register_action_labels
        from kefu.field import receivers  # noqa: F401  (visit_recorded)

        register_action_labels(
            {
                "field.preset_applied": _("Field-service preset applied"),
                "field.order_created": _("Work order created"),
                "field.order_approved": _("Work order approved"),
                "field.order_rejected": _("Work order refused"),
                "field.order_cancelled": _("Work order cancelled"),
                "field.order_dispatched": _("Work order dispatched"),
                "field.order_arrived": _("Technician arrived"),
                "field.order_work_recorded": _("Work recorded"),
                "field.order_part_added": _("Part recorded"),
                "field.order_swap_recorded": _("Terminal or SIM swap recorded"),
                "field.order_photo_added": _("Photo added"),
                "field.order_signed": _("Customer signature recorded"),
                "field.order_completed": _("Work order completed"),
                "field.order_closed": _("Work order closed"),
                "field.cash_handed_over": _("Cash handed to finance"),
                "field.patrol_plan_created": _("Patrol plan created"),
                "field.patrol_recorded": _("Patrol recorded"),
                "field.finding_raised": _("Patrol finding raised a work order"),
            }
        )
