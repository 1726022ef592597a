from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarConfig(AppConfig):
    name = "kefu.calendar"
    label = "calendar"
    verbose_name = _("Working calendar")

    def ready(self) -> None:
        from kefu.calendar import checks  # noqa: F401  (registers calendar.W001/W002)
