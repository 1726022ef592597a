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


class PartnerNotFound(NotFound):
    default_code = "accounts.partner_not_found"
    default_message = _("The partner does not exist or you cannot see it.")


class GradeChangeNotFound(NotFound):
    default_code = "accounts.grade_change_not_found"
    default_message = _("The grade change does not exist or you cannot see it.")


class CannotManagePartners(NotAllowed):
    default_code = "accounts.cannot_manage_partners"
    default_message = _("You may not manage joint-venture partners at this site.")


class CannotDecideGrade(NotAllowed):
    default_code = "accounts.cannot_decide_grade"
    default_message = _(
        "Grades are decided by the partner office and the market-development department."
    )


class PartnerNameTaken(Conflict):
    default_code = "accounts.partner_name_taken"
    default_message = _("A partner with this name is already on file at this site.")


class PartnerWrongStatus(Conflict):
    default_code = "accounts.partner_wrong_status"
    default_message = _("The partner is not at the step this action needs.")


class FormIncomplete(InvalidInput):
    default_code = "accounts.form_incomplete"
    default_message = _("《联营工程合作方入网审批表》 is incomplete.")


class OnsiteNotQualified(Conflict):
    default_code = "accounts.onsite_not_qualified"
    default_message = _(
        "The on-site check did not confirm address, staff and equipment; "
        "anything unclear means not qualified."
    )


class MaterialsIncomplete(Conflict):
    default_code = "accounts.materials_incomplete"
    default_message = _("Grades A and B need complete materials; the form is incomplete.")


class ExplanationRequired(InvalidInput):
    default_code = "accounts.explanation_required"
    default_message = _("Explain to the partner why it is turned away.")


class GradeChangeClosed(Conflict):
    default_code = "accounts.grade_change_closed"
    default_message = _("The grade change has already been decided.")


class SameDecider(Conflict):
    default_code = "accounts.same_decider"
    default_message = _("The two departments decide jointly: a second person must decide.")


class GradeInvalid(InvalidInput):
    default_code = "accounts.grade_invalid"
    default_message = _("The grade must be A, B, C or D.")


class CannotManageKeyAccount(NotAllowed):
    default_code = "accounts.cannot_manage_key_account"
    default_message = _("Only the account's key-account manager (or credit staff) may do this.")


class PlanPeriodInvalid(InvalidInput):
    default_code = "accounts.plan_period_invalid"
    default_message = _("A plan starts on the first day of its year, quarter or month.")


class ReviewExists(Conflict):
    default_code = "accounts.review_exists"
    default_message = _("The month has already been reviewed.")
