"""Error codes of the service desk (``desk.*``)."""

from django.utils.translation import gettext_lazy as _

from kefu.core.errors import Conflict, InvalidInput, NotAllowed, NotFound


class TicketNotFound(NotFound):
    default_code = "desk.ticket_not_found"
    default_message = _("The request does not exist or you cannot see it.")


class TransitionNotAllowed(Conflict):
    default_code = "desk.transition_not_allowed"
    default_message = _("This action is not possible in the request's current status.")


class UnknownAction(InvalidInput):
    default_code = "desk.unknown_action"
    default_message = _("Unknown action.")


class ReasonRequired(InvalidInput):
    default_code = "desk.reason_required"
    default_message = _("A reason is required for this action.")


class ReplyRequired(InvalidInput):
    default_code = "desk.reply_required"
    default_message = _("Enter the reply given to the customer.")


class NotDesignatedRegistrar(NotAllowed):
    default_code = "desk.not_designated_registrar"
    default_message = _(
        "Only the designated positions (or their deputies) may register this type of request."
    )


class ActionForbidden(NotAllowed):
    default_code = "desk.action_forbidden"
    default_message = _("Your position does not allow this action on this request.")


class ConfigMismatch(InvalidInput):
    default_code = "desk.config_mismatch"
    default_message = _("The channel, type or category does not belong to this site or type.")


class CategoryRequired(InvalidInput):
    default_code = "desk.category_required"
    default_message = _("Choose a category for this type of request.")


class TimePlaceRequired(InvalidInput):
    default_code = "desk.time_place_required"
    default_message = _("A complaint must state the time and place of the event.")


class ContentRequired(InvalidInput):
    default_code = "desk.content_required"
    default_message = _("Describe the request.")


class AssigneeInvalid(InvalidInput):
    default_code = "desk.assignee_invalid"
    default_message = _("The assignee must be an active person working at this site.")


class NoRoutingTarget(InvalidInput):
    default_code = "desk.no_routing_target"
    default_message = _("Nobody holds the position this request is routed to; choose an assignee.")


class TicketClosed(Conflict):
    default_code = "desk.ticket_closed"
    default_message = _("A closed or rejected request cannot be edited; reopen it first.")


class PresetUnknown(InvalidInput):
    default_code = "desk.preset_unknown"
    default_message = _("Unknown preset.")


class PauseNotAllowed(Conflict):
    default_code = "desk.pause_not_allowed"
    default_message = _("Only an open request that has not been replied to can be paused.")


class AlreadyPaused(Conflict):
    default_code = "desk.already_paused"
    default_message = _("The request is already waiting on the customer.")


class NotPaused(Conflict):
    default_code = "desk.not_paused"
    default_message = _("The request is not paused.")


class UrgeNotAllowed(Conflict):
    default_code = "desk.urge_not_allowed"
    default_message = _("A closed or rejected request cannot be urged.")
