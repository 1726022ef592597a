"""Error codes of the assessment app (``assessment.*``)."""

from django.utils.translation import gettext_lazy as _

from kefu.core.errors import Conflict, InvalidInput, NotAllowed, NotFound


class LedgerRuleUnknown(InvalidInput):
    default_code = "assessment.ledger_rule_unknown"
    default_message = _("No ledger rule has this code.")


class LedgerEntryNotFound(NotFound):
    default_code = "assessment.ledger_entry_not_found"
    default_message = _("The ledger entry does not exist or you cannot see it.")


class ScorecardPresetUnknown(InvalidInput):
    default_code = "assessment.scorecard_preset_unknown"
    default_message = _("No scorecard preset has this key.")


class ScorecardNotFound(NotFound):
    default_code = "assessment.scorecard_not_found"
    default_message = _("The scorecard does not exist or you cannot see it.")


class ScorecardTemplateNotFound(NotFound):
    default_code = "assessment.template_not_found"
    default_message = _("The scorecard template does not exist or you cannot see it.")


class ScorecardFrozen(Conflict):
    default_code = "assessment.scorecard_frozen"
    default_message = _(
        "The month has been signed off; correct it with an adjustment and a reason."
    )


class ScorecardNotSignedOff(Conflict):
    default_code = "assessment.scorecard_not_signed_off"
    default_message = _("Adjustments are for signed-off months; re-run or add an entry instead.")


class MonthNotOver(InvalidInput):
    default_code = "assessment.month_not_over"
    default_message = _("A month can be assessed only after it has ended.")


class ReasonRequired(InvalidInput):
    default_code = "assessment.reason_required"
    default_message = _("Give the reason for this entry.")


class ApproverRequired(InvalidInput):
    default_code = "assessment.approver_required"
    default_message = _("Name an approver who may approve assessment entries at this site.")


class ItemNotOnCard(InvalidInput):
    default_code = "assessment.item_not_on_card"
    default_message = _("The item is not part of this scorecard's template.")


class PointsOutOfRange(InvalidInput):
    default_code = "assessment.points_out_of_range"
    default_message = _("The points are outside the item's range.")


class AssessmentNotAllowed(NotAllowed):
    default_code = "assessment.not_allowed"
    default_message = _("You may not assess or sign off scorecards at this site.")


class LedgerNotAppealable(Conflict):
    default_code = "assessment.ledger_not_appealable"
    default_message = _("Only a proposed or approved entry can be appealed, once.")


class LedgerAppealNotPending(Conflict):
    default_code = "assessment.appeal_not_pending"
    default_message = _("The entry has no appeal waiting for a decision.")


class LedgerNotYours(NotAllowed):
    default_code = "assessment.ledger_not_yours"
    default_message = _("Only the person charged may appeal the entry.")


class LedgerNotProposed(Conflict):
    default_code = "assessment.ledger_not_proposed"
    default_message = _("Only a proposed entry can be approved.")
