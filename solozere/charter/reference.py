"""The first version of the quality charter, as reference data: `manage.py load_charter` publishes it.

Later versions are written and published by the staff (/equipe/charte/versions/); this one is never edited in place.
"""

from decimal import Decimal

CHARTER_SLUG = "charte-qualite"
CHARTER_TITLE = "Charte qualité des lieux SoLozère"

FIRST_VERSION_NUMBER = 1
# The "très haut débit" threshold of the Plan France Très Haut Débit (same as criteria.PROFESSIONAL_DOWNLOAD_MBPS).
FIRST_VERSION_MIN_DOWNLOAD_MBPS = Decimal(30)

# One line per paragraph or list item (a backslash ends a line of code, not of the text): rendered with linebreaks.
FIRST_VERSION_TEXT = """\
Le réseau SoLozère rassemble les lieux de Lozère qui accueillent les télétravailleurs : les Comptoirs SoLozère, \
ouverts à tous au cœur des villages, et les Télécentres, espaces de travail équipés et animés.

En adhérant à cette charte, le gestionnaire d'un lieu s'engage à :

1. accueillir les télétravailleurs dans les conditions décrites sur la fiche du lieu, et tenir cette fiche à jour \
(horaires, services, connexion, tarifs) ;
2. respecter les critères de la charte propres à son type de lieu, et prévenir l'équipe du réseau dès que l'un \
d'eux n'est plus rempli ;
3. faire connaître le réseau SoLozère à ses usagers et relayer ses actions (rencontres, ateliers, offres d'aide) ;
4. répondre chaque année à la demande de renouvellement de son adhésion.

Le réseau s'engage en retour à présenter le lieu sur son site et sa carte avec le label de la charte, à orienter \
vers lui les télétravailleurs qui le contactent, et à accompagner son gestionnaire.

Le label est accordé pour un an après examen, critère par critère, des justificatifs fournis. Il est suspendu dès \
que les informations du lieu montrent qu'un critère n'est plus rempli, jusqu'à ce que l'équipe le rétablisse.
"""

# (kind, code, label, guidance, evidence kind), in the order they are shown.
FIRST_VERSION_CRITERIA: list[tuple[str, str, str, str, str]] = [
    (
        "comptoir",
        "open_to_public",
        "Ouvert au public",
        "Le lieu accueille tout le monde, pas seulement ses membres. Dites qui peut venir et comment vous le faites savoir.",
        "text",
    ),
    (
        "comptoir",
        "no_access_restriction",
        "Sans restriction d'accès",
        "On peut venir aux heures d'ouverture sans réservation ni adhésion. Décrivez comment se passe l'accueil.",
        "text",
    ),
    (
        "comptoir",
        "dedicated_telework_space",
        "Espace dédié au télétravail",
        "Un espace (une table, un coin, une salle) est réservé au télétravail. Envoyez une photo de cet espace.",
        "photo",
    ),
    (
        "comptoir",
        "free_wifi",
        "Wi-Fi gratuit",
        "Le Wi-Fi est gratuit pour les télétravailleurs. Dites comment on obtient l'accès (code affiché, demande à "
        "l'accueil...).",
        "text",
    ),
    (
        "telecentre",
        "reception_capacity_and_animation",
        "Capacité d'accueil et animation",
        "Le lieu offre des postes de travail et assure un accueil et une animation (rencontres, ateliers). Envoyez un "
        "document qui le montre : programme d'animation, plaquette, planning d'accueil.",
        "document",
    ),
    (
        "telecentre",
        "professional_connectivity",
        "Connexion professionnelle",
        "Le débit descendant mesuré atteint au moins le minimum de cette version de la charte. Donnez le résultat "
        "d'un test de débit fait dans le lieu.",
        "speed_test",
    ),
    (
        "telecentre",
        "workspace",
        "Bureaux privatifs ou espace partagé fermé",
        "Le lieu a des bureaux privatifs ou un espace de travail partagé fermé. Envoyez une photo.",
        "photo",
    ),
    (
        "telecentre",
        "wider_services",
        "Services élargis",
        "Le lieu propose au moins deux services parmi : salle de réunion, visioconférence, impression. Décrivez-les.",
        "text",
    ),
]
