"""What each reference organisation of the Réseau Accueil handles for accompaniment, and where, as read in
`../shared/data/SOURCES.md` ("Réseau Accueil partners named in 2012"). No zone: the whole département, since no
source narrows any of them. No contact: `contact_email` stays blank until the staff enter one.

`manage.py load_accompaniment` loads them, after `load_organisations` (services_profiles.py). Once the staff change a
profile on their screen it is theirs (`is_reference` False) and the command leaves it alone.

Two readings of the sources, decided here:
- Employment for a partner (`partner_employment`): SOURCES names no employment partner today. The MDECS handled
  employment and closed at the end of 2018; Lozère Développement took over its missions, but the sources say only
  "telework set-up, coworking, newcomers" of it. The Département coordinates the Réseau Accueil ("Lozère Nouvelle
  Vie"), so it receives these requests and passes them on; its profile's note says so to the staff.
- The three Pays: SOURCES says "local development", which is not something a person asks for. Mapping it to
  `business_creation` would send people to a structure whose part in that is not sourced, while the CCI and the CMA
  already handle it across the whole département. So they handle no topic yet, and receive nothing until the staff
  know their member communes (and, with them, what they take).
"""

from typing import TypedDict

from solozere.accompaniment.topics import Topic


class ReferenceProfile(TypedDict, total=False):
    organisation: str  # the slug of a reference organisation (solozere/organisations/reference.py)
    topics: list[str]
    receives_requests: bool  # True unless said
    territory_note: str


# Data the staff then edit (French, as organisations/reference.py), not interface strings.
PAYS_NOTE = "Communes membres inconnues : l'équipe renseigne le territoire avant que la structure reçoive des demandes."
# The Département takes employment for a partner for want of an employment partner named in the sources.
DEPARTEMENT_NOTE = (
    "Toute la Lozère. Emploi du conjoint : les sources ne nomment aucune structure de l'emploi ; le Département, "
    "qui coordonne le Réseau Accueil « Lozère Nouvelle Vie », reçoit ces demandes et les oriente."
)
MDECS_NOTE = "Fermée fin 2018 (missions reprises par Lozère Développement) : ne reçoit aucune demande."

PROFILES: list[ReferenceProfile] = [
    {
        "organisation": "departement-lozere",
        "topics": [Topic.MOVING, Topic.CONNECTIVITY, Topic.TELEWORK_AID, Topic.PARTNER_EMPLOYMENT],
        "territory_note": DEPARTEMENT_NOTE,
    },
    {"organisation": "cci-lozere", "topics": [Topic.BUSINESS_CREATION, Topic.BUSINESS_TAKEOVER]},
    # Craft businesses: the CMA's part of creation and takeover.
    {"organisation": "cma-lozere", "topics": [Topic.BUSINESS_CREATION, Topic.BUSINESS_TAKEOVER]},
    {"organisation": "chambre-agriculture-lozere", "topics": [Topic.FARMING]},
    # Farm land.
    {"organisation": "safer-occitanie", "topics": [Topic.FARMING]},
    {"organisation": "relance-octav", "topics": [Topic.BUSINESS_TAKEOVER]},
    # The resource centre's organisations, with POLeN; newcomers since it took over the MDECS's missions (end 2018).
    {
        "organisation": "lozere-developpement",
        "topics": [Topic.COMPANY_TELEWORK, Topic.RESOURCE_CENTRE, Topic.WORKPLACE, Topic.MOVING],
    },
    {"organisation": "polen", "topics": [Topic.COMPANY_TELEWORK, Topic.RESOURCE_CENTRE, Topic.WORKPLACE]},
    {"organisation": "lozere-tourisme", "topics": [Topic.TOURISM]},
    {"organisation": "pays-gevaudan-lozere", "topics": [], "receives_requests": False, "territory_note": PAYS_NOTE},
    {"organisation": "pays-des-sources", "topics": [], "receives_requests": False, "territory_note": PAYS_NOTE},
    {
        "organisation": "pays-gorges-causses-cevennes",
        "topics": [],
        "receives_requests": False,
        "territory_note": PAYS_NOTE,
    },
    # History: the 2012 network named it; closed at the end of 2018, it receives nothing.
    {"organisation": "mdecs", "topics": [], "receives_requests": False, "territory_note": MDECS_NOTE},
]
