"""Data for the concurrency test, created inside the server's own database by a separate process.

Run as: python -c "import django; django.setup(); from tests.aids.race import seed; seed(3)"
Prints JSON on stdout. Not a test module."""

import datetime as dt
import json
from decimal import Decimal

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from solozere.aids.models import AidApplication, AidScheme, Company, ExpenseCategory, ExpenseLine
from solozere.aids.workflow import Status
from solozere.territory.models import Commune, Zone

ENVELOPE = Decimal("4000")
AMOUNT = Decimal("2400")


def _session_for(user) -> str:  # type: ignore[no-untyped-def]
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key or ""


def seed(rounds: int) -> None:
    user_model = get_user_model()
    staff = [
        user_model.objects.create_user(email=f"instructeur{n}@solozere.fr", password="mot-de-passe-1", is_staff=True)
        for n in (1, 2)
    ]
    for person in staff:  # the staff pages require a second factor
        Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    applicant = user_model.objects.create_user(email="entreprise@example.org", password="mot-de-passe-1")
    commune = Commune.objects.create(insee_code="48076", kind=Commune.Kind.CURRENT, name="Javols", postal_codes="48130")
    zone = Zone.objects.create(slug="zone-course", name="Zone de la course")
    zone.communes.add(commune)
    races = []
    for n in range(rounds):
        scheme = AidScheme.objects.create(
            slug=f"course-{n}",
            title=f"Aide {n}",
            description="Aide",
            legal_basis="Convention",
            funder_name="Fonds",
            zone=zone,
            ceiling=Decimal("3000"),
            conditions="Habiter la zone",
            budget_envelope=ENVELOPE,
        )
        category = ExpenseCategory.objects.create(
            scheme=scheme, code="equipment", label="Matériel", beneficiary="company"
        )
        pair = []
        for m in (1, 2):
            company = Company.objects.create(
                siret=f"{n}{m}".ljust(14, "0"),
                name=f"Entreprise {n}-{m}",
                address="1 rue",
                postal_code="75002",
                city="Paris",
            )
            company.representatives.add(applicant)
            application = AidApplication.objects.create(
                scheme=scheme,
                company=company,
                created_by=applicant,
                status=Status.UNDER_REVIEW,
                employee_first_name=f"Salarié {m}",
                employee_last_name=f"Course {n}",
                employee_birth_date=dt.date(1990, 1, m),
                employee_address="Le bourg",
                employee_commune_input="Javols",
                employee_commune=commune,
                employee_key=f"course {n}|salarie {m}|1990-01-0{m}",
                new_setup=True,
                submitted_at=timezone.now(),
            )
            ExpenseLine.objects.create(
                application=application,
                category=category,
                description="Ordinateur",
                amount_excl_tax=Decimal("2500"),
                amount_incl_tax=Decimal("3000"),
            )
            pair.append(application.pk)
        races.append({"scheme": scheme.pk, "applications": pair})
    print(json.dumps({"sessions": [_session_for(user) for user in staff], "races": races}))
