"""Error codes of property procedures (``procedures.*``)."""

from django.utils.translation import gettext_lazy as _

from kefu.core.errors import Conflict, InvalidInput, NotAllowed, NotFound


class ProcedureNotFound(NotFound):
    default_code = "procedures.not_found"
    default_message = _("The procedure does not exist or you cannot see it.")


class TemplateNotFound(NotFound):
    default_code = "procedures.template_not_found"
    default_message = _("The procedure template does not exist or you cannot see it.")


class NotAllowedHere(NotAllowed):
    default_code = "procedures.forbidden"
    default_message = _("Your position does not do this step of the procedure.")


class StepNotCurrent(Conflict):
    default_code = "procedures.step_not_current"
    default_message = _("This is not the procedure's current step; steps cannot be skipped.")


class ApprovalRequired(Conflict):
    default_code = "procedures.approval_required"
    default_message = _("This step is an approval: it completes only when approved.")


class NotAnApproval(Conflict):
    default_code = "procedures.not_an_approval"
    default_message = _("The current step is not an approval.")


class ItemMissing(Conflict):
    default_code = "procedures.item_missing"
    default_message = _("Required items are missing: %(items)s")


class AmountRequired(Conflict):
    default_code = "procedures.amount_required"
    default_message = _("This item is an amount: record it with its receipt number.")


class AlreadyRefunded(Conflict):
    default_code = "procedures.already_refunded"
    default_message = _("This deposit has already been refunded.")


class NotOpen(Conflict):
    default_code = "procedures.not_open"
    default_message = _("The procedure is finished or cancelled.")


class BadValue(InvalidInput):
    default_code = "procedures.bad_value"
    default_message = _("Check the entered values.")


class PresetUnknown(InvalidInput):
    default_code = "procedures.preset_unknown"
    default_message = _("Unknown procedure preset.")
