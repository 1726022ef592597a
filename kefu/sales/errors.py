"""Coded errors of the sales office (``sales.*``)."""

from django.utils.translation import gettext_lazy as _

from kefu.core.errors import Conflict, InvalidInput, NotAllowed, NotFound

MESSAGES = {
    "sales.queue_empty": _("Nobody is free to receive: every consultant is away or receiving."),
    "sales.queue_duplicate": _("This consultant is already in today's order."),
    "sales.group_unknown": _("Unknown reception group."),
    "sales.consultant_unavailable": _("The consultant asked for is not at the desk."),
    "sales.not_receiving": _("This consultant is not receiving anyone."),
    "sales.not_on_duty": _("This consultant is not in today's order."),
    "sales.already_absent": _("This consultant is already away."),
    "sales.not_absent": _("This consultant is not away."),
    "sales.makeup_not_allowed": _("This site's rules give no make-up turn for that reason."),
    "sales.split_not_100": _("The shares must add up to 100%."),
    "sales.split_unknown": _("Unknown split rule."),
    "sales.split_needs_other": _("This split needs a second consultant."),
    "sales.split_duplicate_party": _("A consultant appears twice in the split."),
    "sales.split_not_allowed": _("This site's rules do not allow this split."),
    "sales.amount_negative": _("The amount cannot be negative."),
    "sales.points_out_of_range": _("Points must be between 1 and 6."),
}


class SalesInvalid(InvalidInput):
    default_code = "sales.invalid"


class SalesConflict(Conflict):
    default_code = "sales.conflict"


def rule_error(code: str) -> Exception:
    """The coded error for a rule's refusal: 409 for the queue's state, 400 otherwise."""
    message = MESSAGES.get(code, _("The request is not valid."))
    if code.startswith(("sales.queue", "sales.not_", "sales.already", "sales.consultant")):
        return SalesConflict(message, code=code)
    return SalesInvalid(message, code=code)


class QueueNotOpen(Conflict):
    default_code = "sales.queue_not_open"
    default_message = _("Today's reception order has not been compiled yet.")


class QueueExists(Conflict):
    default_code = "sales.queue_exists"
    default_message = _("Today's reception order already exists.")


class QueueMoved(Conflict):
    default_code = "sales.queue_moved"
    default_message = _("The queue moved since you looked; look again.")


class QueueClosed(Conflict):
    default_code = "sales.queue_closed"
    default_message = _("This day is closed.")


class NotConsultant(InvalidInput):
    default_code = "sales.not_consultant"
    default_message = _("This person is not a consultant at this site.")


class ReceptionElsewhere(InvalidInput):
    default_code = "sales.reception_other_site"
    default_message = _("This reception belongs to another site's queue.")


class RoleRequired(NotAllowed):
    default_code = "sales.role_required"
    default_message = _("Your position at this site does not allow this.")


class BackfillForbidden(InvalidInput):
    default_code = "sales.backfill_forbidden"
    default_message = _(
        "The register is written the same day at the server's time; omitted entries "
        "cannot be back-filled. Ask a supervisor for a correction."
    )


class Collision(Conflict):
    default_code = "sales.collision"
    default_message = _(
        "撞单: this customer is already registered to another consultant. "
        "Confirm to register anyway; the supervisor will be asked to settle it."
    )


class CorrectionNotAllowed(Conflict):
    default_code = "sales.correction_not_allowed"
    default_message = _("Entries of an open day are not corrected; corrections need a closed day.")


class CorrectionDecided(Conflict):
    default_code = "sales.correction_decided"
    default_message = _("This correction has already been decided.")


class UnitTaken(Conflict):
    default_code = "sales.unit_taken"
    default_message = _("This unit already has an open subscription (销控).")


class DealWrongState(Conflict):
    default_code = "sales.deal_wrong_state"
    default_message = _("The deal is not in a state that allows this.")


class ClaimTooLate(Conflict):
    default_code = "sales.claim_too_late"
    default_message = _("The claim window has passed.")


class DisputeClosed(Conflict):
    default_code = "sales.dispute_closed"
    default_message = _("The dispute has already been decided.")


class DisputeNotYourLevel(NotAllowed):
    default_code = "sales.dispute_not_your_level"
    default_message = _("The dispute is not at your level of the path.")


class DisputeTop(Conflict):
    default_code = "sales.dispute_top"
    default_message = _("The dispute is already at the top of its path.")


class PenaltyNotInPreset(InvalidInput):
    default_code = "sales.penalty_not_in_preset"
    default_message = _("This site's rules do not have this penalty.")


class SalesNotFound(NotFound):
    default_code = "not_found"
