"""Error codes of the notices app (``notices.*``)."""

from django.utils.translation import gettext_lazy as _

from kefu.core.errors import Conflict, InvalidInput, NotAllowed, NotFound


class NoticeNotFound(NotFound):
    default_code = "notices.notice_not_found"
    default_message = _("The notice does not exist or you cannot see it.")


class TemplateNotFound(NotFound):
    default_code = "notices.template_not_found"
    default_message = _("The notice template does not exist or you cannot see it.")


class RecipientNotFound(NotFound):
    default_code = "notices.recipient_not_found"
    default_message = _("The recipient is not on this notice.")


class LinkInvalid(NotFound):
    default_code = "notices.link_invalid"
    default_message = _("This sign-off link is not valid or has expired.")


class PresetUnknown(InvalidInput):
    default_code = "notices.preset_unknown"
    default_message = _("No notice preset has this key.")


class TemplateRefused(InvalidInput):
    default_code = "notices.template_refused"
    default_message = _("The template text uses a tag that is not allowed or does not parse.")


class TitleRequired(InvalidInput):
    default_code = "notices.title_required"
    default_message = _("Give the notice a title and a text.")


class BuildingRequired(InvalidInput):
    default_code = "notices.building_required"
    default_message = _("Name the building whose tenants receive the notice.")


class NoRecipients(InvalidInput):
    default_code = "notices.no_recipients"
    default_message = _("The notice has no recipients.")


class DelivererRequired(InvalidInput):
    default_code = "notices.deliverer_required"
    default_message = _("A major notice needs a designated deliverer.")


class DelivererNotHere(InvalidInput):
    default_code = "notices.deliverer_not_here"
    default_message = _("The deliverer must work at the notice's site.")


class SignMethodUnknown(InvalidInput):
    default_code = "notices.sign_method_unknown"
    default_message = _("Sign-off is on paper, by link or in the portal.")


class ScanRefused(InvalidInput):
    default_code = "notices.scan_refused"
    default_message = _("Upload the signed copy as a PDF, JPEG, PNG or TIFF scan (at most 20 MB).")


class NotAllowedToDraft(NotAllowed):
    default_code = "notices.draft_not_allowed"
    default_message = _("You may not draft notices at this site.")


class NotAllowedToApprove(NotAllowed):
    default_code = "notices.approve_not_allowed"
    default_message = _("Only the leader may approve notices at this site.")


class NotAllowedToSeal(NotAllowed):
    default_code = "notices.seal_not_allowed"
    default_message = _("Only the GM office may approve a seal application.")


class NotAllowedToIssue(NotAllowed):
    default_code = "notices.issue_not_allowed"
    default_message = _("Only the positions this site allows may send notices to customers.")


class NotAllowedToRecord(NotAllowed):
    default_code = "notices.record_not_allowed"
    default_message = _("You may not record sign-offs or inspections at this site.")


class WrongState(Conflict):
    default_code = "notices.wrong_state"
    default_message = _("The notice is not at the step this action needs.")


class NotSealed(Conflict):
    default_code = "notices.not_sealed"
    default_message = _("The notice has not been approved and sealed; it cannot be sent.")


class NotSent(Conflict):
    default_code = "notices.not_sent"
    default_message = _("The notice has not been sent yet.")


class InspectionExists(Conflict):
    default_code = "notices.inspection_exists"
    default_message = _("This fire-safety notice already has its inspection report.")


class NotFireSafety(InvalidInput):
    default_code = "notices.not_fire_safety"
    default_message = _("Only a fire-safety notice has an inspection report.")


class NoFindings(InvalidInput):
    default_code = "notices.no_findings"
    default_message = _("The inspection found nothing to rectify.")


class GreetingDateRequired(InvalidInput):
    default_code = "notices.greeting_date_required"
    default_message = _("Give the holiday (or the day) the greeting is for.")


class InspectionNotFound(NotFound):
    default_code = "notices.inspection_not_found"
    default_message = _("The notice has no inspection report yet.")


class FindingNotFound(NotFound):
    default_code = "notices.finding_not_found"
    default_message = _("The finding is not in this notice's inspection report.")


class GreetingCustomerRequired(InvalidInput):
    default_code = "notices.greeting_customer_required"
    default_message = _("A birthday greeting is for one customer: choose them.")


class GreetingExists(Conflict):
    default_code = "notices.greeting_exists"
    default_message = _("This customer's birthday greeting is already scheduled.")


class NotHandbook(InvalidInput):
    default_code = "notices.not_handbook"
    default_message = _("Only a handbook is handed out to one more customer.")


class AlreadyReceived(Conflict):
    default_code = "notices.already_received"
    default_message = _("This customer has already received this handbook.")
