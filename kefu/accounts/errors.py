"""Error codes of business accounts (``accounts.*``)."""

from django.utils.translation import gettext_lazy as _

from kefu.core.errors import Conflict, InvalidInput, NotAllowed, NotFound


class AccountNotFound(NotFound):
    default_code = "accounts.account_not_found"
    default_message = _("The business account does not exist or you cannot see it.")


class ShipmentNotFound(NotFound):
    default_code = "accounts.shipment_not_found"
    default_message = _("The shipment request does not exist or you cannot see it.")


class AmountInvalid(InvalidInput):
    default_code = "accounts.amount_invalid"
    default_message = _("Give an amount greater than zero.")


class RecoveryPlanRequired(InvalidInput):
    default_code = "accounts.recovery_plan_required"
    default_message = _(
        "Shipping against payment needs the customer's payment-recovery plan (货款回笼计划)."
    )


class EntryDuplicate(Conflict):
    default_code = "accounts.entry_duplicate"
    default_message = _("An entry with this reference is already recorded for the account.")


class ImportInvalid(InvalidInput):
    default_code = "accounts.import_invalid"
    default_message = _("The workbook could not be read; nothing was imported.")


class AccountCodeTaken(Conflict):
    default_code = "accounts.code_taken"
    default_message = _("Another account at this site has this code.")


class CannotManageCredit(NotAllowed):
    default_code = "accounts.cannot_manage_credit"
    default_message = _("You may not record credit data at this site.")


class CannotSignOverLimit(NotAllowed):
    default_code = "accounts.cannot_sign_over_limit"
    default_message = _("Only the regional manager (区域经理) signs off over-limit shipments.")


class CannotApprovePastTerm(NotAllowed):
    default_code = "accounts.cannot_approve_past_term"
    default_message = _("Only the sales department approves credit past the term.")


class ShipmentNotRefused(Conflict):
    default_code = "accounts.shipment_not_refused"
    default_message = _("Only a refused shipment request can be signed off or approved.")


class WrongRefusal(Conflict):
    default_code = "accounts.wrong_refusal"
    default_message = _("This sign-off does not apply to why the shipment was refused.")


class OverThird(Conflict):
    default_code = "accounts.over_third"
    default_message = _("An over-limit shipment must be below 1/3 of the credit limit.")


class OverLimitExhausted(Conflict):
    default_code = "accounts.over_limit_exhausted"
    default_message = _(
        "The first and the last over-limit shipments are still unpaid; "
        "only payment in advance is possible."
    )


class NoCredit(Conflict):
    default_code = "accounts.no_credit"
    default_message = _("The customer has no credit: payment comes before invoicing.")


class MonthNotOver(InvalidInput):
    default_code = "accounts.month_not_over"
    default_message = _("Month-end recovery runs only after the month has ended.")


class CannotRunRecovery(NotAllowed):
    default_code = "accounts.cannot_run_recovery"
    default_message = _("You may not run month-end recovery at this site.")
