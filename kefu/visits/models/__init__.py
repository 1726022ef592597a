"""Models of the visits app, one module per domain (re-exported here).

- ``returns``: return visits (回访) and the site's visit settings;
- ``surveys``: satisfaction surveys (满意度调查) and corrective actions;
- ``meetings``: tenant meetings, in-person visits and the yearly visit plan.

Written only by ``kefu.visits.services``.
"""

from kefu.visits.models.meetings import (
    MeetingAttendance,
    MeetingKind,
    MeetingSuggestion,
    TenantMeeting,
    TenantVisit,
    VisitPlanItem,
)
from kefu.visits.models.returns import (
    HANDOVER_REASONS,
    ReturnVisit,
    VisitAttempt,
    VisitReason,
    VisitSettings,
    VisitStatus,
)
from kefu.visits.models.surveys import (
    ActionStatus,
    CampaignStatus,
    CorrectiveAction,
    Question,
    QuestionKind,
    Questionnaire,
    SurveyAnswer,
    SurveyCampaign,
    SurveyTarget,
    TargetRule,
)

__all__ = [
    "HANDOVER_REASONS",
    "ActionStatus",
    "CampaignStatus",
    "CorrectiveAction",
    "MeetingAttendance",
    "MeetingKind",
    "MeetingSuggestion",
    "Question",
    "QuestionKind",
    "Questionnaire",
    "ReturnVisit",
    "SurveyAnswer",
    "SurveyCampaign",
    "SurveyTarget",
    "TargetRule",
    "TenantMeeting",
    "TenantVisit",
    "VisitAttempt",
    "VisitPlanItem",
    "VisitReason",
    "VisitSettings",
    "VisitStatus",
]
