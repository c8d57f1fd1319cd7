"""The partner organisations of the Réseau Accueil named in 2012 and what became of them, as checked in
`../shared/data/SOURCES.md` (public sources, December 2026). No contact detail is known: the staff enter them.
`manage.py load_organisations` loads them (safe to run again: it updates these fields only)."""

from typing import TypedDict


class ReferenceOrganisation(TypedDict, total=False):
    slug: str
    name: str
    short_name: str
    name_in_2012: str
    status: str
    closed_in: int
    history: str
    handles: str
    source: str


ORGANISATIONS: list[ReferenceOrganisation] = [
    {
        "slug": "departement-lozere",
        "name": "Département de la Lozère (Conseil départemental)",
        "short_name": "Département de la Lozère",
        "name_in_2012": "Conseil général de la Lozère",
        "history": "Coordonne le Réseau Accueil (« Lozère Nouvelle Vie »). SIREN 224800011.",
        "handles": "Installation, logement (« logement passerelle »), connexion, l'aide au télétravail.",
        "source": "lozere.fr ; SIRET 22480001100013 dans les données publiques",
    },
    {
        "slug": "cci-lozere",
        "name": "CCI de la Lozère",
        "name_in_2012": "CCI de la Lozère",
        "history": "Rattachée à la CCI de région Occitanie ; à Mende.",
        "handles": "Création et reprise d'entreprise (commerce, industrie, services).",
        "source": "presse 2024-2025",
    },
    {
        "slug": "cma-lozere",
        "name": "Chambre de Métiers et de l'Artisanat de la Lozère (CMA Occitanie)",
        "short_name": "CMA de la Lozère",
        "name_in_2012": "Chambre de Métiers et de l'Artisanat de la Lozère",
        "history": "Fait partie de la CMA Région Occitanie depuis le 1er janvier 2021.",
        "handles": "Entreprises artisanales, reprises.",
        "source": "presse 2021",
    },
    {
        "slug": "chambre-agriculture-lozere",
        "name": "Chambre d'agriculture de la Lozère",
        "name_in_2012": "Chambre d'agriculture de la Lozère",
        "history": "Antennes à Florac, Langogne, Marvejols, Mende et Saint-Chély-d'Apcher.",
        "handles": "Agriculture, installation agricole.",
        "source": "presse 2020",
    },
    {
        "slug": "safer-occitanie",
        "name": "SAFER Occitanie",
        "name_in_2012": "SAFER Languedoc-Roussillon",
        "history": "SAFER Occitanie depuis le 30 mai 2017 (fusion de trois SAFER).",
        "handles": "Foncier agricole.",
        "source": "DRAAF Occitanie",
    },
    {
        "slug": "relance-octav",
        "name": "Relance-Octav",
        "name_in_2012": "RELANCE",
        "history": "Service inter-consulaire gratuit de transmission d'entreprises (Gard et Lozère), en Lozère depuis 2003.",
        "handles": "Reprise d'entreprise.",
        "source": "lozere.fr",
    },
    {
        "slug": "lozere-developpement",
        "name": "Lozère Développement",
        "name_in_2012": "Lozère Développement",
        "history": (
            "Depuis 2017, agence d'attractivité, d'accueil et d'innovation territoriale du Département ; anime le "
            "coworking de POLeN ; a repris les missions de la MDECS fin 2018."
        ),
        "handles": "Mise en place du télétravail, coworking, accueil des nouveaux arrivants.",
        "source": "presse 2017-2021",
    },
    {
        "slug": "polen",
        "name": "POLeN (Pôle Lozérien d'Économie Numérique)",
        "short_name": "POLeN",
        "name_in_2012": "POLeN, Centre de Ressources TIC",
        "history": "Ouvert en 2004 à Mende : pépinière, centre de ressources numériques, coworking. Adresse non connue.",
        "handles": "Mise en place du télétravail (le « Centre de Ressources TIC »).",
        "source": "lozere-developpement.com, 2014",
    },
    {
        "slug": "mdecs",
        "name": "Maison de l'Emploi et de la Cohésion Sociale de la Lozère",
        "short_name": "MDECS",
        "name_in_2012": "Maison de l'Emploi et de la Cohésion Sociale (MDECS)",
        "status": "closed",
        "closed_in": 2018,
        "history": (
            "Créée en 2007, fermée fin 2018 ; Lozère Développement a repris ses missions. Ses neuf Relais Services "
            "Publics (Fournels, Langogne, Saint-Chély-d'Apcher, Marvejols, Villefort, Florac, Le Massegros, "
            "Le Pont-de-Montvert, Meyrueis) sont devenus des MSAP en 2016, plusieurs d'entre eux des France Services "
            "en 2020."
        ),
        "handles": "Emploi, services publics.",
        "source": "lozere.fr ; lozere.gouv.fr",
    },
    {
        "slug": "pays-gevaudan-lozere",
        "name": "Pays du Gévaudan-Lozère",
        "name_in_2012": "les Pays",
        "history": "PETR depuis 2018, à l'ouest du département. Liste des membres non connue.",
        "handles": "Développement local.",
        "source": "son site",
    },
    {
        "slug": "pays-des-sources",
        "name": "Pays des Sources",
        "name_in_2012": "les Pays",
        "history": "À l'est du département, siège à Mende. Liste des membres non connue.",
        "handles": "Développement local.",
        "source": "son site",
    },
    {
        "slug": "pays-gorges-causses-cevennes",
        "name": "Pays Gorges Causses Cévennes",
        "name_in_2012": "les Pays",
        "history": "Au sud du département. Liste des membres non connue.",
        "handles": "Développement local.",
        "source": "son site",
    },
    {
        "slug": "lozere-tourisme",
        "name": "Lozère Tourisme",
        "name_in_2012": "Comité Départemental du Tourisme",
        "history": "Le Comité Départemental du Tourisme, devenu « Lozère Tourisme » (lozere-tourisme.com).",
        "handles": "Entreprises du tourisme.",
        "source": "presse 2020-2021",
    },
]
