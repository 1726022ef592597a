from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarConfig(AppConfig):
    name = "kefu.calendar"
    label = "calendar"
    verbose_name = _("Working calendar")

    def ready(self) -> None:
        from kefu.calendar import checks  # noqa: F401  (registers calendar.W001/W002)
        from kefu.core.actions import register_action_labels

        register_action_labels(
            {
                "calendar.created": _("Calendar created"),
                "calendar.changed": _("Calendar changed"),
                "calendar.refreshed": _("Calendar refreshed from the statutory schedule"),
                "calendar.day_set": _("Day set"),
                "calendar.day_removed": _("Day removed"),
            }
        )
