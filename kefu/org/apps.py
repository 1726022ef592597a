from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "kefu.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from kefu.core.actions import register_action_labels

        register_action_labels(
            {
                "org.absence_declared": _("Absence declared (deputy named)"),
                "org.absence_cancelled": _("Absence cancelled"),
                "org.api_token_created": _("API token created"),
                "org.api_token_revoked": _("API token revoked"),
            }
        )
