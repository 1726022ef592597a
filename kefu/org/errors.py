"""Error codes of the org app."""

from django.utils.translation import gettext_lazy as _

from kefu.core.errors import Conflict, InvalidInput, NotAllowed, NotFound


class SiteNotFound(NotFound):
    default_code = "org.site_not_found"
    default_message = _("The site does not exist or you do not work there.")


class NotPositionHolder(InvalidInput):
    default_code = "org.not_position_holder"
    default_message = _("The absent person does not hold this position.")


class InvalidDeputy(InvalidInput):
    default_code = "org.invalid_deputy"
    default_message = _("The deputy must be another person who works at the same site.")


class AbsenceOverlaps(Conflict):
    default_code = "org.absence_overlaps"
    default_message = _("An absence for this position already covers part of that period.")


class AbsencePeriodInvalid(InvalidInput):
    default_code = "org.absence_period_invalid"
    default_message = _("An absence must end after it starts.")


class CannotManageAbsence(NotAllowed):
    default_code = "org.cannot_manage_absence"
    default_message = _("Only the holder or a site manager may declare this absence.")


class PositionNotFound(NotFound):
    default_code = "org.position_not_found"
    default_message = _("The position does not exist or is not at a site you work at.")


class UserNotFound(NotFound):
    default_code = "org.user_not_found"
    default_message = _("The person does not exist or does not work at your sites.")


class AbsenceNotFound(NotFound):
    default_code = "org.absence_not_found"
    default_message = _("The absence does not exist or you cannot see it.")
