import factory
from django.contrib.auth import get_user_model

from danvan.models import LEVEL_OF_KIND, AdministrativeUnit, Era, Membership, UnitKind
from danvan.text import fold


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("name", locale="vi_VN")
    password = factory.django.Password("mật-khẩu-thử-nghiệm-2024")


class AdministrativeUnitFactory(factory.django.DjangoModelFactory):
    """A unit with a path consistent with its parent, as the loader builds it."""

    class Meta:
        model = AdministrativeUnit

    era = Era.PRE_2025
    kind = UnitKind.PROVINCE
    parent = None
    code = factory.Sequence(lambda n: f"{n:05d}")
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    level = factory.LazyAttribute(lambda unit: LEVEL_OF_KIND[unit.kind])
    search_name = factory.LazyAttribute(lambda unit: fold(unit.name))
    path = factory.LazyAttribute(
        lambda unit: f"{unit.parent.path}{unit.code}/" if unit.parent else f"{unit.era}/{unit.code}/"
    )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
