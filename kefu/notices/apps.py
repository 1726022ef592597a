from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "kefu.notices"
    label = "notices"
    verbose_name = _("Notices")

    def ready(self) -> None:
        from kefu.core.actions import register_action_labels

        register_action_labels(
            {
                "notices.preset_applied": _("Notice preset applied"),
                "notices.notice_drafted": _("Notice drafted"),
                "notices.notice_approved": _("Notice approved"),
                "notices.seal_requested": _("Seal application filed"),
                "notices.seal_approved": _("Seal application approved"),
                "notices.notice_issued": _("Notice issued"),
                "notices.recipient_signed_off": _("Receipt signed off"),
                "notices.notice_chased": _("Outstanding sign-offs chased"),
                "notices.inspection_recorded": _("Inspection report recorded"),
                "notices.greeting_scheduled": _("Greeting scheduled"),
                "notices.greeting_sent": _("Greeting sent"),
            }
        )
