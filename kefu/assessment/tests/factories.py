"""Assessment test data, made through the services so the rules apply."""

from datetime import datetime, timedelta

from kefu.assessment.services import APPROVE, ASSESS, scorecard_template_preset_apply
from kefu.desk.services import site_sla_preset_apply, ticket_accept, ticket_reply
from kefu.desk.tests.factories import register_ticket


def telecom_site(preset_site):
    """A site on the telecom SLA (seed 002 L178) and scorecard (L162–L210) presets.

    The 总经理 approves and signs off; the 客服主任 assesses.
    """
    site = preset_site.site
    site_sla_preset_apply(actor=None, site=site, key="telecom")
    gm = preset_site.position("gm")
    gm.capabilities = [*gm.capabilities, ASSESS, APPROVE]
    gm.save(update_fields=["capabilities"])
    director = preset_site.position("cs_director")
    director.capabilities = [*director.capabilities, ASSESS]
    director.save(update_fields=["capabilities"])
    return scorecard_template_preset_apply(actor=None, site=site, key="telecom")


def eoms_ticket(preset_site, received: datetime, *, sign_for_h: float, reply_h: float, **kw):
    """A complaint signed for and finally replied to after the given hours."""
    actor = preset_site["cs_director"]
    ticket = register_ticket(actor=actor, site=preset_site.site, now=received, **kw)
    ticket = ticket_accept(actor=actor, ticket=ticket, now=received + timedelta(hours=sign_for_h))
    return ticket_reply(
        actor=actor,
        ticket=ticket,
        reply_content="已现场测试,信号恢复正常",
        now=received + timedelta(hours=reply_h),
    )
