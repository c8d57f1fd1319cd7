"""The events of the network's history, as reference data: `manage.py load_reference_events` loads them (safe to
run again). Only what the sources say: the 2012 article (../shared/context/) names the "rencontres du télétravail"
of October 2011 at Aumont-Aubrac, organised by Lozère Développement and the Maison de l'Emploi et de la Cohésion
Sociale, "plus d'une centaine de participants", whose contributions were then "disponibles en ligne" (on
solozere.com). The day, the hall and the programme are not known; the contributions are not available here."""

from dataclasses import dataclass


@dataclass(frozen=True)
class HistoricalEvent:
    slug: str
    title: str
    kind: str
    summary: str
    description: str
    year: int
    month: int
    commune: str
    organisations: tuple[str, ...]
    organiser_label: str
    attendance_note: str
    contributions_note: str
    source: str


RENCONTRES_2011 = HistoricalEvent(
    slug="rencontres-du-teletravail-2011",
    title="Rencontres du télétravail en Lozère",
    kind="rencontre",
    summary="L'événement d'où est né le réseau SoLozère.",
    description=(
        "En octobre 2011, Lozère Développement et la Maison de l'Emploi et de la Cohésion Sociale de la Lozère ont "
        "réuni à Aumont-Aubrac plus d'une centaine de participants autour du télétravail. Le réseau SoLozère, son "
        "recensement des télétravailleurs et ses lieux d'accueil sont nés de cette dynamique."
    ),
    year=2011,
    month=10,
    commune="Aumont-Aubrac",
    organisations=("lozere-developpement", "mdecs"),
    organiser_label="Lozère Développement et la Maison de l'Emploi et de la Cohésion Sociale de la Lozère",
    attendance_note="Plus d'une centaine de participants.",
    contributions_note=(
        "En 2012, « toutes les contributions [étaient] disponibles en ligne », sur l'ancien site solozere.com. "
        "Elles ne sont pas disponibles ici : nous ne les avons pas retrouvées, et nous ne les reconstituons pas. "
        "Si vous en détenez une, proposez-la au centre de ressources."
    ),
    source="Article « Télétravailler en Lozère : les outils sont en place ! » (2012)",
)
