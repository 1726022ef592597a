from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "kefu.customers"
    label = "customers"
    verbose_name = _("Customers")

    def ready(self) -> None:
        from kefu.core.actions import register_action_labels

        register_action_labels(
            {
                "customers.customer_created": _("Customer created"),
                "customers.customer_updated": _("Customer updated"),
                "customers.contact_added": _("Contact added"),
                "customers.unit_linked": _("Linked to a unit"),
                "customers.vehicle_added": _("Vehicle added"),
            }
        )
