import factory

from kefu.org.models import Department, Position, PositionAssignment, Site, User


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"site{n}")
    name = factory.Sequence(lambda n: f"Site {n}")
    kind = "property_centre"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    site = factory.SubFactory(SiteFactory)
    code = factory.Sequence(lambda n: f"dept{n}")
    name = factory.Sequence(lambda n: f"Department {n}")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    site = factory.SubFactory(SiteFactory)
    code = factory.Sequence(lambda n: f"pos{n}")
    name = factory.Sequence(lambda n: f"Position {n}")
    capabilities = factory.LazyFunction(list)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.LazyAttribute(lambda o: o.username)
    password = factory.PostGenerationMethodCall("set_password", "kefu-test-pw")

    @factory.post_generation
    def positions(self, create, extracted, **kwargs):
        if create:
            for position in extracted or []:
                PositionAssignment.objects.get_or_create(user=self, position=position)
            self.save()
