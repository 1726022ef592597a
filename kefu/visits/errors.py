"""Error codes of return visits and surveys (``visits.*``)."""

from django.utils.translation import gettext_lazy as _

from kefu.core.errors import Conflict, InvalidInput, NotAllowed, NotFound


class VisitNotFound(NotFound):
    default_code = "visits.visit_not_found"
    default_message = _("The return visit does not exist or you cannot see it.")


class CampaignNotFound(NotFound):
    default_code = "visits.campaign_not_found"
    default_message = _("The survey does not exist or you cannot see it.")


class VisitForbidden(NotAllowed):
    default_code = "visits.forbidden"
    default_message = _("Your position does not allow this on return visits.")


class VisitClosed(Conflict):
    default_code = "visits.visit_closed"
    default_message = _("This return visit is no longer due.")


class SiteMismatch(InvalidInput):
    default_code = "visits.site_mismatch"
    default_message = _("The customer, unit, request or visitor belongs to another site.")


class ReasonInvalid(InvalidInput):
    default_code = "visits.reason_invalid"
    default_message = _("Unknown reason for a return visit.")


class DueDateInvalid(InvalidInput):
    default_code = "visits.due_date_invalid"
    default_message = _("The due date may not be before the date it is counted from.")


class CustomerRequired(InvalidInput):
    default_code = "visits.customer_required"
    default_message = _("Choose the customer (or a request with a customer) to visit.")


class SatisfactionInvalid(InvalidInput):
    default_code = "visits.satisfaction_invalid"
    default_message = _("Choose a satisfaction value of the site's scale.")


class SatisfactionRequired(InvalidInput):
    default_code = "visits.satisfaction_required"
    default_message = _("A reached customer's satisfaction is required.")


class HandoverExists(Conflict):
    default_code = "visits.handover_exists"
    default_message = _("The hand-over visits of this customer and unit are already scheduled.")


class CampaignNotOpen(Conflict):
    default_code = "visits.campaign_not_open"
    default_message = _("The survey is not open for answers.")


class LinkExpired(Conflict):
    default_code = "visits.link_expired"
    default_message = _("This survey link has expired.")


class AlreadyAnswered(Conflict):
    default_code = "visits.already_answered"
    default_message = _("This survey has already been answered.")


class AnswerInvalid(InvalidInput):
    default_code = "visits.answer_invalid"
    default_message = _("Answer every required question with a value of the scale.")


class CampaignState(Conflict):
    default_code = "visits.campaign_state"
    default_message = _("The survey is in the wrong state for this action.")


class ActionInvalid(InvalidInput):
    default_code = "visits.action_invalid"
    default_message = _("Enter the problem, an owner of the site and a due date.")


class LinkNotFound(NotFound):
    default_code = "visits.link_not_found"
    default_message = _("This survey link is not valid.")


class MeetingTitleRequired(InvalidInput):
    default_code = "visits.meeting_title_required"
    default_message = _("Give the meeting a title and its date.")


class MeetingNotFound(NotFound):
    default_code = "visits.meeting_not_found"
    default_message = _("The meeting does not exist or you cannot see it.")


class SuggestionDeskMissing(InvalidInput):
    default_code = "visits.suggestion_desk_missing"
    default_message = _(
        "The site's desk has no suggestion request type or meeting channel; apply a desk preset."
    )


class PlanExists(Conflict):
    default_code = "visits.plan_exists"
    default_message = _("The year's visit plan already exists.")
