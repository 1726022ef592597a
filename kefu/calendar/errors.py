"""Error codes of the working calendar (``calendar.*``)."""

from django.utils.translation import gettext_lazy as _

from kefu.core.errors import Conflict, InvalidInput, NotFound


class CalendarNotFound(NotFound):
    default_code = "calendar.not_found"
    default_message = _("The calendar does not exist or you cannot see it.")


class DefaultCalendarExists(Conflict):
    default_code = "calendar.default_exists"
    default_message = _("This site already has a default calendar.")


class CalendarNameTaken(Conflict):
    default_code = "calendar.name_taken"
    default_message = _("This site already has a calendar with this name.")


class PeriodsInvalid(InvalidInput):
    default_code = "calendar.periods_invalid"
    default_message = _(
        "Working periods must end after they start, must not overlap, "
        "and the week needs at least one."
    )


class TimeZoneInvalid(InvalidInput):
    default_code = "calendar.time_zone_invalid"
    default_message = _("Unknown time zone.")


class DayKindInvalid(InvalidInput):
    default_code = "calendar.day_kind_invalid"
    default_message = _("Unknown kind of calendar day.")


class OverrideNotFound(NotFound):
    default_code = "calendar.override_not_found"
    default_message = _("There is no administrator's entry for this date.")
