"""French public identifiers (SIRET, RNA): pure checks shared by places, aids and open data."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SIRET_RE = re.compile(r"^\d{14}$")
RNA_RE = re.compile(r"^W\d{9}$")
# La Poste's establishments share one SIREN and follow their own key (sum of digits divisible by 5).
LA_POSTE_SIREN = "356000000"


def normalize_identifier(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value or "").upper()


def luhn_is_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        n = int(char)
        if index % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def siret_key_is_valid(siret: str) -> bool:
    """Fourteen digits whose control key is right. All zeros passes Luhn but is the placeholder of those who
    did not know: never a SIRET."""
    if not SIRET_RE.match(siret) or not siret.strip("0"):
        return False
    if siret.startswith(LA_POSTE_SIREN):
        return sum(int(c) for c in siret) % 5 == 0
    return luhn_is_valid(siret)


def validate_siret_or_rna(value: str) -> None:
    """Model/form validator for a structure's identifier: a SIRET (checked key) or an RNA number (W + 9 digits)."""
    normalized = normalize_identifier(value)
    if RNA_RE.match(normalized) or siret_key_is_valid(normalized):
        return
    raise ValidationError(
        _(
            "Indiquez un numéro SIRET valide (14 chiffres, clé de contrôle vérifiée) ou un numéro RNA "
            "d'association (W suivi de 9 chiffres)."
        ),
        code="invalid_identifier",
    )
