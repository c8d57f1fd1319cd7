import factory
from allauth.account.models import EmailAddress

from solozere.accounts.models import User

PASSWORD = "Causse-Mejean-2026"


class UserFactory(factory.django.DjangoModelFactory):
    """A person with a verified primary e-mail (allauth's EmailAddress), able to log in."""

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

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """`UserFactory(verified=False)` leaves the address unconfirmed (login refused)."""
        if not create:
            return
        obj.save()
        EmailAddress.objects.create(user=obj, email=obj.email, primary=True, verified=extracted is not False)
