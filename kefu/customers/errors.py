"""Error codes of the customers app."""

from django.utils.translation import gettext_lazy as _

from kefu.core.errors import Conflict, InvalidInput, NotFound
from kefu.customers.rules import LandlineNeedsAreaCode, PhoneInvalid

__all__ = [
    "BirthdayInvalid",
    "CustomerNotFound",
    "LandlineNeedsAreaCode",
    "PhoneInvalid",
    "PlateTaken",
    "UnitNotFound",
    "UnitWrongSite",
]


class CustomerNotFound(NotFound):
    default_code = "customers.customer_not_found"
    default_message = _("The customer does not exist or you cannot see it.")


class UnitNotFound(NotFound):
    default_code = "customers.unit_not_found"
    default_message = _("The unit does not exist or you cannot see it.")


class UnitWrongSite(InvalidInput):
    default_code = "customers.unit_wrong_site"
    default_message = _("The unit belongs to another site.")


class PlateTaken(Conflict):
    default_code = "customers.plate_taken"
    default_message = _("This plate is already registered at the site.")


class NameRequired(InvalidInput):
    default_code = "customers.name_required"
    default_message = _("Enter the customer's name.")


class BirthdayInvalid(InvalidInput):
    default_code = "customers.birthday_invalid"
    default_message = _("A birthday lies between 1900-01-01 and today.")
