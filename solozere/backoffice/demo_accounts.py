"""The demo accounts: one per role, fictional, sharing one password, listed by `manage.py demo_accounts`.

They live here, at the top of the layers, because a demo account touches every app: a membership (community),
managed places (places), the staff role. `delete_demo` (places) removes them with the demo places.
"""

from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction

from solozere.accounts.models import User
from solozere.community.consents import ConsentKind
from solozere.community.models import Membership, Sector, TeleworkerStatus, TeleworkFrequency
from solozere.community.services import MembershipInput, membership_apply, membership_decide
from solozere.community.workflow import MembershipAction
from solozere.core.demo import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD
from solozere.places.models import NetworkStatus, Place
from solozere.places.services import place_set_managers
from solozere.territory.models import Commune

DEMO_COMMUNE_INSEE = "48095"  # Mende


@dataclass(frozen=True)
class DemoAccount:
    key: str
    first_name: str
    last_name: str
    role: str  # what the account shows, in French, for the listing
    is_staff: bool = False

    @property
    def email(self) -> str:
        return f"demo-{self.key}@{DEMO_EMAIL_DOMAIN}"


DEMO_ACCOUNTS = (
    DemoAccount("equipe", "Alex", "Équipe (démo)", "équipe du réseau (espace /equipe/)", is_staff=True),
    DemoAccount("teletravailleuse", "Camille", "Martin (démo)", "télétravailleuse membre, dans l'annuaire"),
    DemoAccount("gestionnaire", "Sacha", "Roux (démo)", "gestionnaire des Comptoirs de démonstration labellisés"),
    DemoAccount("visiteur", "Dominique", "Blanc (démo)", "compte sans rôle (simulateur, demande d'aide, adhésion)"),
)


def _account(spec: DemoAccount) -> tuple[User, bool]:
    user = User.objects.filter(email=spec.email).first()
    if user is not None:
        if not user.is_demo:
            raise ValueError(f"{spec.email} existe déjà et n'est pas un compte de démonstration : il n'est pas touché.")
        return user, False
    user = User.objects.create_user(
        spec.email, DEMO_PASSWORD, first_name=spec.first_name, last_name=spec.last_name, is_staff=spec.is_staff
    )
    User.objects.filter(pk=user.pk).update(is_demo=True)
    user.is_demo = True
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user, True


def _membership(user: User, staff: User) -> None:
    if Membership.objects.filter(user=user).exists():
        return
    data = MembershipInput(
        first_name=user.first_name,
        last_name=user.last_name,
        commune=Commune.objects.get(insee_code=DEMO_COMMUNE_INSEE, kind=Commune.Kind.CURRENT),
        lives_outside_lozere=False,
        outside_place="",
        status=TeleworkerStatus.EMPLOYEE,
        employer_location="",
        employer_country="",
        occupation="Développeuse web (profil fictif de démonstration)",
        sector=Sector.DIGITAL,
        telework_frequency=TeleworkFrequency.MOST_DAYS,
        telework_places=[],
        skills=["Python", "Accessibilité numérique"],
        interests=["Randonnée"],
        bio="Profil fictif de démonstration : cette personne n'existe pas.",
    )
    consents: dict[str, bool] = {
        ConsentKind.MEMBERSHIP: True,
        ConsentKind.DIRECTORY: True,
        ConsentKind.NEWSLETTER: False,
    }
    membership = membership_apply(user=user, data=data, consents=consents)
    membership_decide(membership_id=membership.pk, actor=staff, action=MembershipAction.APPROVE)


@transaction.atomic
def load_demo_accounts() -> dict[str, Any]:
    """Create the missing demo accounts and their roles; idempotent. Returns what was created."""
    users: dict[str, User] = {}
    created: list[str] = []
    for spec in DEMO_ACCOUNTS:
        users[spec.key], new = _account(spec)
        if new:
            created.append(spec.email)
    staff = users["equipe"]
    _membership(users["teletravailleuse"], staff)
    manager = users["gestionnaire"]
    labelled = Place.objects.filter(is_demo=True, status=NetworkStatus.MEMBER).order_by("slug")
    for place in labelled:
        if not place.managers.filter(pk=manager.pk).exists():
            place_set_managers(
                actor=staff,
                place=place,
                managers=[*place.managers.all(), manager],
                message="Gestionnaire fictif de démonstration (load_demo_accounts).",
            )
    return {"created": created, "managed_places": [place.name for place in labelled]}
