"""Birthday greetings scheduled by themselves through the greeting mechanism and sent
through the notify outbox (seed 000 L753, L773), never twice."""

from datetime import date, datetime

import pytest

from kefu.customers.services import customer_update
from kefu.notices import errors, rules, services
from kefu.notices.models import Greeting, GreetingOccasion, NoticeSettings
from kefu.notices.tests.factories import SH
from kefu.notify.models import Delivery


def day(month: int, d: int, year: int = 2026) -> datetime:
    return datetime(year, month, d, 8, 0, tzinfo=SH)


@pytest.fixture
def birthdays(pmc, people):
    zhang, li, _wang = people.customers
    customer_update(actor=pmc["cs_clerk"], customer=zhang, birthday=date(1980, 2, 20))
    customer_update(actor=pmc["cs_clerk"], customer=li, birthday=date(1992, 2, 29))
    return people


def test_birthdays_of_the_coming_week_are_scheduled_once(pmc, birthdays):
    """Mon 2026-02-16, 7 days ahead: 张三 (02-20) now; 李四 (29 Feb: the 28th in 2026)
    only from 02-21; re-runs schedule nothing more; 王五 has no birthday recorded."""
    assert services.birthday_greetings_schedule(now=day(2, 16)) == 1
    assert services.birthday_greetings_schedule(now=day(2, 16)) == 0
    assert services.birthday_greetings_schedule(now=day(2, 20)) == 0
    assert services.birthday_greetings_schedule(now=day(2, 21)) == 1
    assert services.birthday_greetings_schedule(now=day(2, 22)) == 0
    rows = Greeting.objects.order_by("send_on").values_list(
        "customer__name", "holiday_on", "send_on", "occasion"
    )
    assert list(rows) == [
        ("张三", date(2026, 2, 20), date(2026, 2, 20), "birthday"),
        ("李四", date(2026, 2, 28), date(2026, 2, 28), "birthday"),  # a Saturday: the day itself
    ]
    assert "张三" in Greeting.objects.get(customer__name="张三").text


def test_the_birthday_greeting_goes_to_that_customer_on_the_day(pmc, birthdays):
    services.birthday_greetings_schedule(now=day(2, 16))
    assert services.greetings_send_due(now=day(2, 19)) == 0
    assert services.greetings_send_due(now=day(2, 20)) == 1
    assert services.greetings_send_due(now=day(2, 20)) == 0
    sent = Delivery.objects.filter(notification__kind="notices.greeting.birthday")
    assert sent.count() == 1 and sent.get().channel == "sms"


def test_the_site_text_and_channel_are_used(pmc, birthdays):
    NoticeSettings.objects.filter(site=pmc.site).update(
        birthday_text="{{ tenant }},生日快乐!{{ site }}", birthday_channel="email"
    )
    services.birthday_greetings_schedule(now=day(2, 16))
    greeting = Greeting.objects.get()
    assert (greeting.text, greeting.channel) == (f"张三,生日快乐!{pmc.site.name}", "email")


def test_a_site_that_does_not_greet_birthdays_schedules_none(pmc, birthdays):
    NoticeSettings.objects.filter(site=pmc.site).update(birthday_greetings=False)
    assert services.birthday_greetings_schedule(now=day(2, 16)) == 0


def test_the_periodic_run_schedules_before_it_sends(pmc, birthdays):
    """On the birthday itself (lead time reached that morning) it goes out in one run."""
    result = services.notices_run_due(now=day(2, 20))
    assert (result["birthdays_scheduled"], result["greetings_sent"]) == (1, 1)


def test_a_birthday_greeting_by_hand_needs_the_customer_and_is_not_doubled(pmc, birthdays):
    zhang = birthdays.customers[0]
    kwargs = {
        "actor": pmc["cs_clerk"],
        "site": pmc.site,
        "occasion": GreetingOccasion.BIRTHDAY,
        "text": "生日快乐",
    }
    with pytest.raises(errors.GreetingCustomerRequired):
        services.greeting_schedule(holiday_on=date(2026, 2, 20), **kwargs)
    with pytest.raises(errors.GreetingDateRequired):
        services.greeting_schedule(customer=zhang, **kwargs)
    services.greeting_schedule(customer=zhang, holiday_on=date(2026, 2, 20), **kwargs)
    with pytest.raises(errors.GreetingExists):
        services.greeting_schedule(customer=zhang, holiday_on=date(2026, 2, 20), **kwargs)
    assert Greeting.objects.count() == 1
    assert services.birthday_greetings_schedule(now=day(2, 16)) == 0


def test_birthday_dates():
    leap = date(1992, 2, 29)
    assert rules.birthday_in(leap, 2026) == date(2026, 2, 28)
    assert rules.birthday_in(leap, 2028) == date(2028, 2, 29)
    assert rules.next_birthday(date(1980, 1, 2), date(2026, 12, 30)) == date(2027, 1, 2)
    assert rules.next_birthday(date(1980, 12, 30), date(2026, 12, 30)) == date(2026, 12, 30)
    assert (2, 29) in rules.birthday_month_days(date(2026, 2, 27), date(2026, 3, 1))
    assert (2, 29) not in rules.birthday_month_days(date(2028, 2, 27), date(2028, 2, 28))
    assert rules.birthday_month_days(date(2026, 12, 30), date(2027, 1, 1)) == {
        (12, 30),
        (12, 31),
        (1, 1),
    }
