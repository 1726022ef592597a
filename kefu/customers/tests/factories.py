import factory

from kefu.customers.models import Customer, Unit
from kefu.customers.rules import phone_digits
from kefu.org.tests.factories import SiteFactory


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    site = factory.SubFactory(SiteFactory)
    kind = "tenant"
    name = factory.Sequence(lambda n: f"客户{n}")
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    phone_digits = factory.LazyAttribute(lambda o: phone_digits(o.phone))


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    site = factory.SubFactory(SiteFactory)
    building = "1栋"
    number = factory.Sequence(lambda n: f"{1001 + n}")
