"""French public identifiers (SIREN, SIRET, RNA): pure checks shared by places, aids and open data."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SIREN_RE = re.compile(r"^\d{9}$")
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


def siren_key_is_valid(siren: str) -> bool:
    """Nine digits whose Luhn key is right (La Poste's SIREN, 356000000, is one too); never all zeros."""
    return bool(SIREN_RE.match(siren)) and bool(siren.strip("0")) and luhn_is_valid(siren)


def structure_identifier_is_valid(normalized: str) -> bool:
    """What the national open-data schema takes as a structure's `pivot` (9 to 14 characters) and is checkable
    here: a SIREN (the legal unit), a SIRET (one of its establishments) or an association's RNA number."""
    return bool(RNA_RE.match(normalized)) or siren_key_is_valid(normalized) or siret_key_is_valid(normalized)


def validate_structure_identifier(value: str) -> None:
    """Model/form validator for the identifier of the structure running a place, with a French message that says
    what is wrong with what was typed (spaces, dots and hyphens are ignored)."""
    normalized = normalize_identifier(value)
    if structure_identifier_is_valid(normalized):
        return
    if normalized and not normalized.strip("0"):
        message = _(
            "Un numéro fait de zéros n'identifie aucune structure : laissez le champ vide s'il n'est pas connu."
        )
    elif SIREN_RE.match(normalized):
        message = _(
            "Ce numéro SIREN (9 chiffres) n'existe pas : sa clé de contrôle est fausse. Vérifiez-le sur "
            "annuaire-entreprises.data.gouv.fr."
        )
    elif SIRET_RE.match(normalized):
        message = _(
            "Ce numéro SIRET (14 chiffres) n'existe pas : sa clé de contrôle est fausse. Vérifiez-le sur "
            "annuaire-entreprises.data.gouv.fr."
        )
    elif normalized.startswith("W"):
        message = _("Un numéro RNA d'association s'écrit W suivi de 9 chiffres, par exemple W481000123.")
    else:
        message = _(
            "Indiquez un numéro SIRET (14 chiffres), SIREN (9 chiffres) ou, pour une association sans SIRET, "
            "RNA (W suivi de 9 chiffres)."
        )
    raise ValidationError(message, code="invalid_identifier")


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
