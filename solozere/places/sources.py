"""The "Sources" text of a place page, derived from what the place knows now. Pure: reads a place's fields, no query.

A stored sentence such as "horaires non renseignés" or "pas membre du réseau" goes stale the day a manager fills the
hours or the place gets its label: only where the facts came from is stored (`source_note`); what is known, missing
or verified is said here, from the fields, each time the page is shown.
"""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from solozere.places import hours
from solozere.places.models import SERVICE_FLAGS, NetworkStatus


def missing_topics(place: Any) -> list[str]:
    """The parts of the place page that are still empty, in the page's order."""
    topics: list[tuple[str, bool]] = [
        (_("adresse"), not place.address),
        (_("accès"), not place.access),
        (_("Wi-Fi"), not place.wifi),
        (_("services"), all(getattr(place, name) is None for name in SERVICE_FLAGS)),
        (_("débit de la connexion"), place.download_mbps is None and place.upload_mbps is None),
        (_("horaires"), not (place.opening_hours or "").strip()),
        (_("capacité"), place.desks is None and place.offices is None),
        (_("tarifs"), not place.prices),
        (_("contact"), not (place.phone or place.email or place.website)),
    ]
    return [topic for topic, missing in topics if missing]


def place_sources(place: Any) -> list[str]:
    """The sentences of the "Sources" section, each true of the place as it is now."""
    note = (place.source_note or "").strip()
    if place.is_demo:
        return [note or _("Lieu fictif du jeu de démonstration : il ne décrit aucun lieu réel.")]
    sentences = [note or _("L'origine des informations n'est pas précisée.")]
    if place.status == NetworkStatus.MEMBER:
        sentences.append(
            _("Ce lieu a le label de la charte SoLozère : l'équipe du réseau a examiné son dossier d'adhésion.")
        )
    elif place.status == NetworkStatus.SUSPENDED:
        sentences.append(_("Le label de la charte SoLozère de ce lieu est suspendu."))
    else:
        sentences.append(
            _("Ce lieu n'a pas le label de la charte SoLozère : l'équipe du réseau n'a pas vérifié ces informations.")
        )
    if place.opening_hours and not hours.is_valid(place.opening_hours):
        sentences.append(_("Les horaires sont donnés sous une forme que le site ne sait pas lire."))
    if place.location_is_approximate:
        sentences.append(_("Position sur la carte : la mairie de la commune (approximative)."))
    missing = missing_topics(place)
    if missing:
        sentences.append(
            ngettext("Non renseigné : %(topics)s.", "Non renseignés : %(topics)s.", len(missing))
            % {"topics": ", ".join(missing)}
        )
    else:
        sentences.append(_("Toutes les rubriques de la fiche sont renseignées."))
    return sentences
