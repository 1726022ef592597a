"""Birthday greetings, scheduled by themselves (seed 000 L753, L773).

Relationship upkeep: "在節日或客戶生日(包括其家人生日)等特別的日子,給他們送上一份驚喜"
(L753); "在成交客戶過生日…時給予電話問候" (L773). Where a site turns
``NoticeSettings.birthday_greetings`` on, ``birthday_greetings_schedule`` (run by
``notices_run_due``) schedules a ``Greeting`` for every customer whose birthday
comes within ``birthday_lead_days`` — through ``greeting_schedule``, the one
write path of greetings — and ``greetings_send_due`` sends it on the day through
the notify outbox. A unique constraint (customer, birthday) keeps re-runs and a
second worker from doubling it.
"""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from kefu.customers.models import Customer
from kefu.notices import errors, rules
from kefu.notices.models import Greeting, GreetingOccasion, NoticeSettings
from kefu.notices.selectors import birthday_customers
from kefu.notices.services.recurring import greeting_schedule
from kefu.notices.services.workflow import _now

#: The standard birthday greeting (a notice template; translated when scheduled).
DEFAULT_BIRTHDAY_TEXT = gettext_noop(
    "Dear {{ tenant }}, everyone at {{ site }} wishes you a happy birthday, "
    "good health and every success!"
)


def birthday_text(config: NoticeSettings, customer: Customer) -> str:
    """The site's birthday text rendered for ``customer``."""
    text = config.birthday_text.strip() or gettext(DEFAULT_BIRTHDAY_TEXT)
    variables = {
        "tenant": customer.name,
        "company": customer.company or customer.name,
        "site": config.site.name,
        "hotline": config.site.hotline,
    }
    return rules.template_render(text, variables)


def birthday_greetings_schedule(*, now: datetime | None = None) -> int:
    """Schedule the birthday greetings of the coming ``birthday_lead_days`` at every
    site that greets birthdays; returns how many were scheduled.

    A greeting is due on the birthday itself (29 February: the 28th in a common
    year). Already scheduled ones are left alone, so running it every minute, or
    twice at once, schedules each birthday once.
    """
    at = _now(now)
    today = timezone.localdate(at)
    created = 0
    for config in NoticeSettings.objects.filter(birthday_greetings=True).select_related("site"):
        last = today + timedelta(days=config.birthday_lead_days)
        customers = list(birthday_customers(config.site, today, last))
        if not customers:
            continue
        scheduled = set(
            Greeting.objects.filter(
                occasion=GreetingOccasion.BIRTHDAY,
                customer__in=customers,
                holiday_on__range=(today, last),
            ).values_list("customer_id", "holiday_on")
        )
        for customer in customers:
            day = rules.next_birthday(customer.birthday, today)
            if day > last or (customer.pk, day) in scheduled:
                continue
            try:
                with transaction.atomic():
                    greeting_schedule(
                        actor=None,
                        site=config.site,
                        occasion=GreetingOccasion.BIRTHDAY,
                        customer=customer,
                        holiday_on=day,
                        channel=config.birthday_channel,
                        text=birthday_text(config, customer),
                        now=at,
                    )
            except (errors.GreetingExists, IntegrityError):  # another worker was first
                continue
            created += 1
    return created
