"""Error codes of complaint handling (``complaints.*``).

Errors marked ``logged`` are rule refusals: besides the coded reply, the refusal
itself is written to the audit trail (``complaints.refused``) and the log, after
the refused action has been rolled back (``services.refusals_logged``).
"""

from django.utils.translation import gettext_lazy as _

from kefu.core.errors import Conflict, InvalidInput, NotAllowed, NotFound


class ComplaintNotFound(NotFound):
    default_code = "complaints.not_found"
    default_message = _("The complaint does not exist or you cannot see it.")


class StepOutOfOrder(Conflict):
    logged = True
    default_code = "complaints.step_out_of_order"
    default_message = _("This step is not possible at the complaint's current stage.")


class StepForbidden(NotAllowed):
    logged = True
    default_code = "complaints.step_forbidden"
    default_message = _("Your position does not allow this step of the complaint.")


class Recused(NotAllowed):
    logged = True
    default_code = "complaints.recused"
    default_message = _(
        "The person complained about may not handle, approve or see the handling of this complaint."
    )


class CompensationOverAuthority(NotAllowed):
    logged = True
    default_code = "complaints.compensation_over_authority"
    default_message = _(
        "The compensation exceeds what your position may approve under the authority table."
    )


class SharesNotHundred(InvalidInput):
    logged = True
    default_code = "complaints.shares_not_100"
    default_message = _("The responsibility shares must add up to exactly 100 %.")


class MemoRequired(Conflict):
    logged = True
    default_code = "complaints.memo_required"
    default_message = _(
        "Complete the product-quality memo, confirmed with the customer, before the opinion."
    )


class ReasonRequired(InvalidInput):
    default_code = "complaints.reason_required"
    default_message = _("A reason is required.")


class FieldRequired(InvalidInput):
    default_code = "complaints.field_required"
    default_message = _("Fill in the required fields.")


class NotAnswerable(InvalidInput):
    default_code = "complaints.not_answerable"
    default_message = _("Only a complaint of an answerable category can be answered at intake.")


class BadAmount(InvalidInput):
    default_code = "complaints.bad_amount"
    default_message = _("Enter an amount of at least 0 with at most two decimals.")


class TriggerUnknown(InvalidInput):
    default_code = "complaints.trigger_unknown"
    default_message = _("Unknown major-complaint trigger.")


class ReceiverInvalid(InvalidInput):
    default_code = "complaints.receiver_invalid"
    default_message = _("Nobody can receive the transfer: choose a person in the position.")


class AlreadySigned(Conflict):
    default_code = "complaints.already_signed"
    default_message = _("You have already signed this slip, or you are not a party to it.")


class VisitNotDue(Conflict):
    logged = True
    default_code = "complaints.visit_not_scheduled"
    default_message = _("The return visit must be scheduled before the complaint can be closed.")


class NoticeDone(Conflict):
    default_code = "complaints.notice_done"
    default_message = _("This item is already done.")


class PolicyMissing(Conflict):
    default_code = "complaints.policy_missing"
    default_message = _("This site has no complaint workflow; apply a preset first.")


class PresetUnknown(InvalidInput):
    default_code = "complaints.preset_unknown"
    default_message = _("Unknown complaint workflow preset.")
