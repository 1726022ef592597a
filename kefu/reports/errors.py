"""Errors of the reports app, with stable codes ``reports.<snake_case>``."""

from django.utils.translation import gettext_lazy as _

from kefu.core.errors import InvalidInput, NotFound


class ReportNotFound(NotFound):
    default_code = "reports.not_found"
    default_message = _("The report does not exist or is not visible to you.")


class ReportMetricUnknown(InvalidInput):
    default_code = "reports.metric_unknown"
    default_message = _("There is no such figure to show the records of.")


class ReportPeriodUnknown(InvalidInput):
    default_code = "reports.period_unknown"
    default_message = _("The period must be daily, weekly, monthly or yearly.")


class ReportDayOutOfRange(InvalidInput):
    default_code = "reports.day_out_of_range"
    default_message = _("A report covers days from 1900 to 2999.")


class SchedulePresetUnknown(InvalidInput):
    default_code = "reports.schedule_preset_unknown"
    default_message = _("There is no such named-report preset.")
