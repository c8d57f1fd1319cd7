import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from solozere.accounts.models import User
from solozere.backoffice.demo_accounts import ALL_DEMO_ACCOUNTS
from solozere.community.models import Membership
from solozere.core.demo import DEMO_PASSWORD


def _roles(user: User, members: set[int]) -> list[str]:
    roles = []
    if user.is_staff:
        roles.append("équipe du réseau")
    if user.pk in members:
        roles.append("membre")
    places = sorted(place.name for place in user.managed_places.all())
    if places:
        roles.append("gestionnaire : " + ", ".join(places))
    organisations = sorted(agent.organisation.name for agent in user.organisation_memberships.all())
    if organisations:
        roles.append("agent : " + ", ".join(organisations))
    return roles or ["sans rôle"]


class Command(BaseCommand):
    help = (
        "Liste les comptes de démonstration présents dans la base, leurs rôles et leur mot de passe commun "
        "(--json : une liste d'objets email, nom, rôles, mot de passe)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", dest="as_json", help="Écrit la liste en JSON.")

    def handle(self, *args: Any, as_json: bool = False, **options: Any) -> None:
        users = list(
            User.objects.filter(is_demo=True)
            .prefetch_related("managed_places", "organisation_memberships__organisation")
            .order_by("email")
        )
        members = set(Membership.objects.active().filter(user__is_demo=True).values_list("user_id", flat=True))
        descriptions = {spec.email: spec.role for spec in ALL_DEMO_ACCOUNTS}
        rows = [
            {
                "email": user.email,
                "name": f"{user.first_name} {user.last_name}".strip(),
                "roles": _roles(user, members),
                "description": descriptions.get(user.email, "compte de démonstration"),
                "password": DEMO_PASSWORD,
            }
            for user in users
        ]
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write("Aucun compte de démonstration (manage.py load_demo_accounts les crée).")
            return
        width = max(len(row["email"]) for row in rows)
        for row in rows:
            self.stdout.write(f"{row['email']:<{width}}  {' ; '.join(row['roles'])}")
        self.stdout.write(f"Mot de passe commun : {DEMO_PASSWORD}")
