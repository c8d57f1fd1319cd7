import factory
from allauth.account.models import EmailAddress

from solozere.accounts.models import User

PASSWORD = "Causse-Mejean-2026"


class UserFactory(factory.django.DjangoModelFactory):
    """The one factory for a person: a verified primary e-mail (allauth's EmailAddress), able to log in with
    PASSWORD. Traits: `staff`, `superuser`, `inactive`, `unverified` (address not confirmed: login refused)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    class Params:
        staff = factory.Trait(is_staff=True)
        superuser = factory.Trait(is_staff=True, is_superuser=True)
        inactive = factory.Trait(is_active=False)
        unverified = factory.Trait(verified__confirmed=False)

    @factory.post_generation
    def verified(obj, create, extracted, confirmed=True, **kwargs):
        """`UserFactory(verified=False)`, or the `unverified` trait, leaves the address unconfirmed."""
        if not create:
            return
        obj.save()
        EmailAddress.objects.create(
            user=obj, email=obj.email, primary=True, verified=confirmed and extracted is not False
        )
