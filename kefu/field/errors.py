"""Error codes of field service (``field.*``)."""

from django.utils.translation import gettext_lazy as _

from kefu.core.errors import Conflict, InvalidInput, NotAllowed, NotFound


class OrderNotFound(NotFound):
    default_code = "field.order_not_found"
    default_message = _("The work order does not exist or you cannot see it.")


class PlanNotFound(NotFound):
    default_code = "field.patrol_plan_not_found"
    default_message = _("The patrol plan does not exist or you cannot see it.")


class FieldForbidden(NotAllowed):
    default_code = "field.forbidden"
    default_message = _("Your position does not allow this on work orders.")


class NotYourOrder(NotAllowed):
    default_code = "field.not_your_order"
    default_message = _("Only the technician the order is dispatched to may do this.")


class ApprovalRequired(Conflict):
    default_code = "field.approval_required"
    default_message = _("The division manager must approve the order before it is dispatched.")


class WrongState(Conflict):
    default_code = "field.wrong_state"
    default_message = _("The work order is not in a state that allows this.")


class AlreadyDispatched(Conflict):
    default_code = "field.already_dispatched"
    default_message = _("Someone else has just dispatched this order.")


class CashAlreadyHanded(Conflict):
    default_code = "field.cash_already_handed"
    default_message = _("This cash has already been handed to finance.")


class NoCash(Conflict):
    default_code = "field.no_cash"
    default_message = _("No cash was collected on this order.")


class SiteMismatch(InvalidInput):
    default_code = "field.site_mismatch"
    default_message = _("The customer, request, product or person belongs to another site.")


class FieldRequired(InvalidInput):
    default_code = "field.required"
    default_message = _("This field is required.")


class KindInvalid(InvalidInput):
    default_code = "field.kind_invalid"
    default_message = _("Unknown kind.")


class TechnicianInvalid(InvalidInput):
    default_code = "field.technician_invalid"
    default_message = _("The technician does not work on field orders at this site.")


class SwapInvalid(InvalidInput):
    default_code = "field.swap_invalid"
    default_message = _("Give the old and the new number, and they must differ.")


class PartInvalid(InvalidInput):
    default_code = "field.part_invalid"
    default_message = _(
        "Give the part (from the fee schedule or by name and price) and a quantity."
    )


class PhotoInvalid(InvalidInput):
    default_code = "field.photo_invalid"
    default_message = _("The file is not a JPEG, PNG or WebP image.")


class PhotoTooLarge(InvalidInput):
    default_code = "field.photo_too_large"
    default_message = _("The photo is too large.")


class SignatureRequired(InvalidInput):
    default_code = "field.signature_required"
    default_message = _("The customer must sign before the order is completed.")


class InvoiceRequired(InvalidInput):
    default_code = "field.invoice_required"
    default_message = _("A charged order needs its invoice number.")


class PresetUnknown(InvalidInput):
    default_code = "field.preset_unknown"
    default_message = _("Unknown field-service preset.")


class PatrolIncomplete(InvalidInput):
    default_code = "field.patrol_incomplete"
    default_message = _("Record every checkpoint; the customer signs where the checkpoint asks.")


class PatrolDone(Conflict):
    default_code = "field.patrol_done"
    default_message = _("This patrol has already been recorded.")
