from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "kefu.complaints"
    label = "complaints"
    verbose_name = _("Complaint handling")

    def ready(self) -> None:
        from kefu.complaints import receivers

        receivers.connect()
