from typing import Any

from django.core.management.base import BaseCommand

from solozere.accounts.models import User
from solozere.backoffice.demo_accounts import DEMO_ACCOUNTS
from solozere.core.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Liste les comptes de démonstration présents dans la base, leur rôle et leur mot de passe commun."

    def handle(self, *args: Any, **options: Any) -> None:
        present = set(User.objects.filter(is_demo=True).values_list("email", flat=True))
        if not present:
            self.stdout.write("Aucun compte de démonstration (manage.py load_demo_accounts les crée).")
            return
        roles = {spec.email: spec.role for spec in DEMO_ACCOUNTS}
        width = max(len(email) for email in present)
        for email in sorted(present):
            self.stdout.write(f"{email:<{width}}  {roles.get(email, 'compte de démonstration')}")
        self.stdout.write(f"Mot de passe commun : {DEMO_PASSWORD}")
