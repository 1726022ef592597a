from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "kefu.desk"
    label = "desk"
    verbose_name = _("Service desk")

    def ready(self) -> None:
        from kefu.core.actions import register_action_labels
        from kefu.desk import signals
        from kefu.desk.views.timeline import ACTION_LABELS

        signals.connect()

        register_action_labels(ACTION_LABELS)
