import time

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import encrypt

from solozere.accounts.models import User

PASSWORD = "Causse-Mejean-2026"
# The authenticator-app key of every staff member and superuser made here (base32): tests compute its codes with
# allauth's own functions (tests/accounts/test_second_factor.py).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
TOTP_PERIOD = 30  # allauth's MFA_TOTP_PERIOD


def totp_code(secret: str = TOTP_SECRET) -> str:
    """What the authenticator app shows now."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // TOTP_PERIOD))


class UserFactory(factory.django.DjangoModelFactory):
    """The one factory for a person: a verified primary e-mail (allauth's EmailAddress), able to log in with
    PASSWORD. Traits: `staff`, `superuser`, `inactive`, `unverified` (address not confirmed: login refused).
    Staff and superusers hold an authenticator app (TOTP_SECRET), as the staff pages require; `second_factor=False`
    makes one without."""

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

    @factory.post_generation
    def second_factor(obj, create, extracted, **kwargs):
        if create and (obj.is_staff or obj.is_superuser) and extracted is not False:
            Authenticator.objects.create(user=obj, type=Authenticator.Type.TOTP, data={"secret": encrypt(TOTP_SECRET)})
