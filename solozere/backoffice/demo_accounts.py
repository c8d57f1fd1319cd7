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
from solozere.organisations.models import Organisation, OrganisationAgent
from solozere.organisations.services import organisation_agent_add
from solozere.places.models import NetworkStatus, Place, PlaceKind
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
    DemoAccount(
        "agent-partenaire",
        "Lucie",
        "Rouquette (démo)",
        "agent d'une structure partenaire (Lozère Développement, qui anime POLeN) : demandes d'accompagnement",
    ),
)
# The reference organisations (load_organisations) the demo partner agent acts for: Lozère Développement, and POLeN,
# which it runs (the resource centre's requests reach both, so one agent can see one through to its end).
DEMO_AGENT_ORGANISATIONS = ("lozere-developpement", "polen")

# One demo manager per demo télécentre (by slug order), and the demo members: about the size of the real census.
DEMO_TELECENTRE_MANAGERS = tuple(
    DemoAccount(f"gestion-telecentre-{n}", first, f"{last} (démo)", "gestionnaire d'un télécentre de démonstration")
    for n, (first, last) in enumerate((("Lou", "Fabre"), ("Noé", "Vidal"), ("Maël", "Bonnet")), start=1)
)
_MEMBER_NAMES = (
    ("Ambre", "Chabert"),
    ("Bastien", "Pagès"),
    ("Clémence", "Boyer"),
    ("Damien", "Rouvière"),
    ("Élise", "Marty"),
    ("Fabien", "Brun"),
    ("Gaëlle", "Teissier"),
    ("Hugo", "Malige"),
    ("Inès", "Bastide"),
    ("Jules", "Delmas"),
    ("Katia", "Plantier"),
    ("Léo", "Chaptal"),
    ("Manon", "Servière"),
    ("Nathan", "Bouquet"),
    ("Océane", "Aldebert"),
    ("Paul", "Jourdan"),
    ("Rose", "Pradal"),
    ("Simon", "Vernhet"),
    ("Tania", "Bergognon"),
    ("Ugo", "Crespin"),
    ("Valentine", "Astruc"),
    ("William", "Ginestoux"),
    ("Yasmine", "Hermet"),
    ("Zoé", "Pelatan"),
    ("Adrien", "Folcher"),
    ("Bérénice", "Causse"),
    ("Cyril", "Rieutort"),
    ("Diane", "Salles"),
    ("Ewan", "Boissonnade"),
)
DEMO_MEMBERS = tuple(
    DemoAccount(f"membre-{n:02d}", first, f"{last} (démo)", "membre du réseau (télétravail)")
    for n, (first, last) in enumerate(_MEMBER_NAMES, start=1)
)
# Where the demo members live: communes spread over the département (Mende first, for the original member).
DEMO_MEMBER_INSEE = ("48095", "48092", "48140", "48080", "48061", "48096", "48017", "48166", "48088", "48146")

ALL_DEMO_ACCOUNTS = DEMO_ACCOUNTS + DEMO_TELECENTRE_MANAGERS + DEMO_MEMBERS


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


def _membership(user: User, staff: User, insee: str = DEMO_COMMUNE_INSEE) -> None:
    if Membership.objects.filter(user=user).exists():
        return
    commune = Commune.objects.filter(insee_code=insee, kind=Commune.Kind.CURRENT).first() or Commune.objects.get(
        insee_code=DEMO_COMMUNE_INSEE, kind=Commune.Kind.CURRENT
    )
    data = MembershipInput(
        first_name=user.first_name,
        last_name=user.last_name,
        commune=commune,
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


def _agent(user: User, staff: User) -> list[str]:
    """The demo partner agent of the reference organisations that are loaded (none: the account has no role)."""
    organisations = Organisation.objects.filter(slug__in=DEMO_AGENT_ORGANISATIONS, is_reference=True).order_by("slug")
    for organisation in organisations:
        if (
            organisation.is_active
            and not OrganisationAgent.objects.filter(organisation=organisation, user=user).exists()
        ):
            organisation_agent_add(actor=staff, organisation=organisation, email=user.email)
    return [agent.organisation.name for agent in user.organisation_memberships.select_related("organisation")]


@transaction.atomic
def load_demo_accounts() -> dict[str, Any]:
    """Create the missing demo accounts and their roles; idempotent. Returns what was created."""
    users: dict[str, User] = {}
    created: list[str] = []
    for spec in ALL_DEMO_ACCOUNTS:
        users[spec.key], new = _account(spec)
        if new:
            created.append(spec.email)
    staff = users["equipe"]
    _membership(users["teletravailleuse"], staff)
    for index, spec in enumerate(DEMO_MEMBERS, start=1):
        _membership(users[spec.key], staff, DEMO_MEMBER_INSEE[index % len(DEMO_MEMBER_INSEE)])
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
    telecentres = Place.objects.filter(is_demo=True, kind=PlaceKind.TELECENTRE).order_by("slug")
    for spec, place in zip(DEMO_TELECENTRE_MANAGERS, telecentres, strict=False):
        user = users[spec.key]
        if not place.managers.filter(pk=user.pk).exists():
            place_set_managers(
                actor=staff,
                place=place,
                managers=[*place.managers.all(), user],
                message="Gestionnaire fictif de démonstration (load_demo_accounts).",
            )
    agent_of = _agent(users["agent-partenaire"], staff)
    return {"created": created, "managed_places": [place.name for place in labelled], "agent_of": agent_of}
