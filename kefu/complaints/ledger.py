"""The complaint app's rule in the one penalty ledger (``kefu.assessment``).

Seed 002 L82-86 (§2.1.6): the handling opinion may propose a penalty on a
responsible person (e.g. 50 yuan on the 销售经理); once the opinion is approved
the penalty is charged. The amount is decided on the opinion, so the rule
carries none.
"""

from django.utils.translation import gettext_lazy as _

from kefu.assessment.models import LedgerKind
from kefu.assessment.policies import LedgerRule

OPINION_PENALTY_RULE = "complaints.opinion_penalty"

LEDGER_RULES = [
    LedgerRule(
        code=OPINION_PENALTY_RULE,
        label=_("Penalty of an approved complaint handling opinion"),
        kind=LedgerKind.FINE,
        amount_fen=None,
        seed="002 L82-86",
    )
]
