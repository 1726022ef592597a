from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "kefu.portal"
    label = "portal"
    verbose_name = _("Customer self-service")

    def ready(self) -> None:
        from kefu.core.actions import register_action_labels

        register_action_labels(
            {
                "portal.setup": _("Portal set up"),
                "portal.links_created": _("Unit links created"),
                "portal.code_sent": _("Verification code sent"),
                "portal.identity_verified": _("Mobile number verified"),
                "portal.request_reported": _("Reported on the phone"),
                "portal.info_added": _("Customer added information"),
                "portal.request_withdrawn": _("Withdrawn by the customer"),
                "portal.request_rated": _("Rated by the customer"),
                "portal.identity_matched": _("Identity matched to a customer"),
                "portal.online_registered": _("Online item registered"),
                "portal.online_reply_submitted": _("Public reply sent for review"),
                "portal.online_reply_reviewed": _("Public reply reviewed"),
                "portal.online_reply_published": _("Public reply published"),
            }
        )
