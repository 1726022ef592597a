"""Error codes of the assessment app (``assessment.*``)."""

from django.utils.translation import gettext_lazy as _

from kefu.core.errors import InvalidInput, NotFound


class LedgerRuleUnknown(InvalidInput):
    default_code = "assessment.ledger_rule_unknown"
    default_message = _("No ledger rule has this code.")


class LedgerEntryNotFound(NotFound):
    default_code = "assessment.ledger_entry_not_found"
    default_message = _("The ledger entry does not exist or you cannot see it.")
