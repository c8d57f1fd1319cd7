"""The real scheme, as published: the experimental €3,000 telework aid of the convention de revitalisation
du bassin du Malzieu-Ville. Loaded by `manage.py load_aid_schemes`.

What is not known from public sources is left empty and flagged "à confirmer": the envelope of this
aid within the revitalisation fund, the dates of the current campaign, the SIRET of the body that
grants it, the signed règlement. Staff fill them in the admin (/gestion/).
"""

from decimal import Decimal

TELEWORK_AID_SLUG = "aide-installation-teletravailleur"

TELEWORK_AID = {
    "slug": TELEWORK_AID_SLUG,
    "title": "Aide à l'installation d'un télétravailleur",
    "promise": "Financez jusqu'à 3 000 € l'installation de votre salarié en télétravail",
    "description": (
        "Aide expérimentale de la convention de revitalisation du bassin du Malzieu-Ville pour encourager "
        "le télétravail sur le territoire. Jusqu'à 3 000 € peuvent financer l'installation d'un télétravailleur : "
        "des dépenses de l'entreprise (matériel, connexion, conseil) ou du salarié (aménagement d'un bureau à "
        "son domicile). Le salarié doit habiter l'une des communes des quatre cantons d'Aumont-Aubrac, "
        "Saint-Alban-sur-Limagnole, Saint-Chély-d'Apcher et Le Malzieu-Ville tels qu'ils existaient avant 2015, "
        "quel que soit le lieu du siège social de son entreprise. La demande est déposée par l'entreprise."
    ),
    "legal_basis": "Convention de revitalisation du bassin du Malzieu-Ville",
    "funder_name": (
        "Fonds de revitalisation du bassin du Malzieu-Ville (convention entre l'État, le Conseil général de la "
        "Lozère et l'entreprise Les Fromageries Occitanes)"
    ),
    "instructor_name": "Lozère Développement",
    "attributor_name": "Lozère Développement",
    "attributor_siret": "",
    "ceiling": Decimal("3000"),
    "conditions": "\n".join(
        [
            "Le salarié habite l'une des communes des quatre cantons d'avant 2015 : Aumont-Aubrac, "
            "Le Malzieu-Ville, Saint-Alban-sur-Limagnole, Saint-Chély-d'Apcher.",
            "Le siège social de l'entreprise peut se trouver n'importe où.",
            "La mise en place du télétravail est nouvelle pour ce salarié.",
            "Dépenses financées : matériel, connexion et conseil (dépenses de l'entreprise) ; aménagement d'un "
            "bureau au domicile (dépenses du salarié).",
            "L'aide est de 3 000 € au plus par salarié, dans la limite des dépenses éligibles et de l'enveloppe "
            "disponible.",
            "Un même salarié ne peut être aidé qu'une fois au titre de ce dispositif.",
        ]
    ),
    "opening_date": None,
    "closing_date": None,
    "dates_to_confirm": True,
    "budget_envelope": None,
    "envelope_to_confirm": True,
    "data_note": "\n".join(
        [
            "Enveloppe budgétaire de l'aide : à fixer par l'équipe. Le fonds de revitalisation constitué en 2011 "
            "s'élevait à 122 850 €, toutes actions confondues ; la part réservée au télétravail n'est pas publiée.",
            "Dates d'ouverture et de clôture : à confirmer (la convention signée en octobre 2011 portait sur deux ans).",
            "SIRET de Lozère Développement : à renseigner pour publier les aides accordées en données ouvertes.",
            "Règlement officiel : publié par Lozère Développement, à joindre au dispositif.",
        ]
    ),
    "source_url": "https://lozere.fr/node/16781",
    "status": "open",
}

TELEWORK_AID_CATEGORIES = [
    {
        "code": "equipment",
        "label": "Matériel informatique et de communication",
        "beneficiary": "company",
        "amount_basis": "excl_tax",
        "examples": "ordinateur portable, écran, casque, téléphone, imprimante",
    },
    {
        "code": "connection",
        "label": "Connexion à internet",
        "beneficiary": "company",
        "amount_basis": "excl_tax",
        "examples": "raccordement, box ou antenne, abonnement professionnel",
    },
    {
        "code": "consulting",
        "label": "Conseil et accompagnement",
        "beneficiary": "company",
        "amount_basis": "excl_tax",
        "examples": "organisation du travail à distance, accompagnement de l'équipe",
    },
    {
        "code": "home_office",
        "label": "Aménagement d'un bureau au domicile du salarié",
        "beneficiary": "employee",
        "amount_basis": "incl_tax",
        "examples": "mobilier de bureau, éclairage, petits travaux",
    },
]


def rules_text() -> str:
    """A working version of the règlement, built from the published facts only."""
    return "\n\n".join(
        [
            "Version de travail établie à partir des informations publiques. Le règlement officiel, publié par "
            "Lozère Développement, fait foi.",
            "Article 1 : Objet. Dans le cadre de la convention de revitalisation du bassin du Malzieu-Ville, une "
            "aide expérimentale finance l'installation de télétravailleurs sur le territoire.",
            "Article 2 : Bénéficiaires. L'aide est demandée par l'entreprise qui emploie le salarié. Le salarié doit "
            "habiter l'une des communes des anciens cantons d'Aumont-Aubrac, Saint-Alban-sur-Limagnole, "
            "Saint-Chély-d'Apcher et Le Malzieu-Ville (découpage d'avant 2015), quel que soit le lieu du siège "
            "social de l'entreprise. La mise en place du télétravail doit être nouvelle.",
            "Article 3 : Dépenses éligibles. Dépenses de l'entreprise : matériel, connexion, conseil (montants hors "
            "taxes). Dépenses du salarié : aménagement d'un bureau à son domicile (montants toutes taxes comprises).",
            "Article 4 : Montant. L'aide est de 3 000 € au plus par salarié, dans la limite des dépenses éligibles "
            "justifiées et de l'enveloppe disponible. Un même salarié ne peut être aidé qu'une fois.",
            "Article 5 : Procédure. La demande est déposée en ligne avec les devis ou factures et un justificatif "
            "de domicile du salarié. Elle est instruite par l'équipe du réseau, qui peut demander des pièces "
            "complémentaires. La décision est notifiée par une lettre ; l'aide est versée sur justificatifs.",
        ]
    )
