"""Error codes of guest reception (``guests.*``)."""

from django.utils.translation import gettext_lazy as _

from kefu.core.errors import Conflict, InvalidInput, NotAllowed, NotFound


class VisitNotFound(NotFound):
    default_code = "guests.visit_not_found"
    default_message = _("The visit does not exist or you cannot see it.")


class UrgingNotFound(NotFound):
    default_code = "guests.urging_not_found"
    default_message = _("The urging item does not exist or you cannot see it.")


class NotReceptionist(NotAllowed):
    default_code = "guests.forbidden"
    default_message = _("Your position does not allow this reception step.")


class StepOutOfOrder(Conflict):
    default_code = "guests.step_out_of_order"
    default_message = _("This step is not possible at the visit's current stage.")


class ConsentRequired(Conflict):
    logged = True
    default_code = "guests.consent_required"
    default_message = _("A change of an agreed visit needs the customer's consent.")


class SpendNotApproved(Conflict):
    default_code = "guests.spend_not_approved"
    default_message = _("The spend is over the class cap and has not been approved.")


class NothingToApprove(Conflict):
    default_code = "guests.nothing_to_approve"
    default_message = _("No spend over the cap is waiting for approval.")


class BadValue(InvalidInput):
    default_code = "guests.bad_value"
    default_message = _("Check the entered values.")


class PolicyMissing(Conflict):
    default_code = "guests.policy_missing"
    default_message = _("This site has no reception policy; apply a preset first.")


class PresetUnknown(InvalidInput):
    default_code = "guests.preset_unknown"
    default_message = _("Unknown reception preset.")


class UrgingDone(Conflict):
    default_code = "guests.urging_done"
    default_message = _("This urging item is already resolved or fed back.")


class NoEmail(Conflict):
    default_code = "guests.no_email"
    default_message = _("Nobody to email the letter to: the host and booker have no email.")
