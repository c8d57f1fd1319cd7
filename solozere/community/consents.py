"""The texts a person consents to, versioned. Pure data: a consent row records (kind, version), so a text
that was consented to must never be edited in place; publish a new version instead."""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ConsentKind(models.TextChoices):
    MEMBERSHIP = "membership", _("adhésion au réseau")
    DIRECTORY = "directory", _("présence dans l'annuaire des membres")
    NEWSLETTER = "newsletter", _("lettre d'information")


@dataclass(frozen=True)
class ConsentText:
    kind: str
    version: str
    text: str | Promise


# Every version ever published stays here; the last one of each kind is the current one.
_TEXTS: dict[str, list[ConsentText]] = {
    ConsentKind.MEMBERSHIP: [
        ConsentText(
            kind=ConsentKind.MEMBERSHIP,
            version="2026-01",
            text=_(
                "J'adhère au réseau SoLozère des télétravailleurs de Lozère pour un an. J'accepte que l'équipe du "
                "réseau conserve les informations de ce formulaire pour examiner mon adhésion, me compter dans le "
                "recensement (uniquement en chiffres agrégés, jamais un groupe de moins de 5 personnes) et "
                "m'écrire au sujet de mon adhésion. Je peux télécharger ou supprimer mes données à tout moment."
            ),
        ),
    ],
    ConsentKind.DIRECTORY: [
        ConsentText(
            kind=ConsentKind.DIRECTORY,
            version="2026-01",
            text=_(
                "J'accepte de figurer dans l'annuaire des membres, avec les seules informations que je choisis "
                "de montrer, et de recevoir par e-mail les messages que d'autres membres m'écrivent par le "
                "formulaire de contact (mon adresse ne leur est jamais montrée)."
            ),
        ),
    ],
    ConsentKind.NEWSLETTER: [
        ConsentText(
            kind=ConsentKind.NEWSLETTER,
            version="2026-01",
            text=_(
                "Je souhaite recevoir la lettre d'information du réseau SoLozère (au plus une par mois). "
                "Je peux me désinscrire à tout moment depuis mon adhésion."
            ),
        ),
    ],
}


def current_text(kind: str) -> ConsentText:
    return _TEXTS[kind][-1]


def text_of(kind: str, version: str) -> ConsentText | None:
    return next((t for t in _TEXTS.get(kind, []) if t.version == version), None)


def all_texts() -> list[ConsentText]:
    return [text for texts in _TEXTS.values() for text in texts]
