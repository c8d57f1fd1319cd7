"""Places for tests, created through the real use case (`place_create`): slug, first status row and audit entry
come out exactly as in production. The `territory` fixture must have run (real communes)."""

import datetime as dt
from decimal import Decimal
from typing import Any

import factory

from solozere.places.models import Access, NetworkStatus, Place, PlaceKind, Technology, Wifi
from solozere.places.services import place_create
from solozere.territory.models import Commune

MENDE = "48095"
SAINT_CHELY = "48140"


def commune(insee_code: str) -> Commune:
    """A current commune of the real territory."""
    return Commune.objects.get(kind=Commune.Kind.CURRENT, insee_code=insee_code)


class PlaceFactory(factory.django.DjangoModelFactory):
    """A real (non-demo) place in service at Mende; unknown facts stay empty, as in the model.
    Without latitude/longitude, place_create puts it at the town hall, marked approximate."""

    class Meta:
        model = Place

    name = factory.Sequence(lambda n: f"Lieu {n:03d}")
    kind = PlaceKind.TIERS_LIEU
    status = NetworkStatus.OPEN
    commune = factory.LazyFunction(lambda: commune(MENDE))

    class Params:
        demo = factory.Trait(is_demo=True)
        closed = factory.Trait(status=NetworkStatus.CLOSED)
        comptoir = factory.Trait(
            kind=PlaceKind.COMPTOIR,
            access=Access.OPEN,
            wifi=Wifi.FREE,
            dedicated_telework_space=True,
        )
        # Everything known, as a manager would fill it in.
        complete = factory.Trait(
            kind=PlaceKind.TELECENTRE,
            status=NetworkStatus.MEMBER,
            operator="Communauté de communes Cœur de Lozère",
            description="Un télécentre en centre-ville : bureaux, open space, salle de visioconférence.",
            source_note="Visite sur place par l'équipe SoLozère.",
            address="2 rue de l'Épine",
            latitude=44.5181,
            longitude=3.5002,
            access=Access.OPEN,
            wifi=Wifi.FREE,
            dedicated_telework_space=True,
            private_offices=True,
            open_space=True,
            meeting_room=False,
            videoconference=True,
            printing=True,
            reception_animation=True,
            download_mbps=Decimal("940.5"),
            upload_mbps=Decimal("400.0"),
            technology=Technology.FIBRE,
            connectivity_measured_on=dt.date(2026, 3, 2),
            opening_hours="Mo-Fr 09:00-12:00,14:00-18:00; PH off",
            desks=12,
            offices=3,
            prices="10 € la journée",
            phone="04 66 00 00 00",
            email="contact@telecentre.example",
            website="https://telecentre.example/",
        )

    @classmethod
    def _create(cls, model_class: type[Place], *args: Any, **kwargs: Any) -> Place:
        return place_create(actor=None, **kwargs)


# --- The charter and places' adhesion -------------------------------------------------------------------------------


def tiny_jpeg(color: tuple[int, int, int] = (40, 120, 60)) -> bytes:
    """A small real JPEG (the evidence checks decode what they get)."""
    from io import BytesIO

    from PIL import Image

    output = BytesIO()
    Image.new("RGB", (64, 48), color).save(output, "JPEG")
    return output.getvalue()


def tiny_pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def comptoir_ready(**fields: Any) -> Place:
    """A Comptoir whose facts meet the charter's Comptoir criteria."""
    return PlaceFactory(comptoir=True, **fields)


def telecentre_ready(**fields: Any) -> Place:
    """A Télécentre whose facts meet the charter's Télécentre criteria (first version: 30 Mbit/s)."""
    values: dict[str, Any] = {
        "kind": PlaceKind.TELECENTRE,
        "private_offices": True,
        "open_space": True,
        "reception_animation": True,
        "desks": 8,
        "meeting_room": True,
        "videoconference": True,
        "printing": False,
        "download_mbps": Decimal("120.0"),
        "access": Access.BOOKING,
        "wifi": Wifi.FREE,
    }
    values.update(fields)
    return PlaceFactory(**values)


def evidence_for(version: Any, kind: str) -> dict[int, Any]:
    """Complete evidence for every criterion of `kind` in `version` (as the adhesion form would give it)."""
    from solozere.charter.models import EvidenceKind
    from solozere.charter.services import EvidenceInput, version_criteria
    from solozere.core.uploads import StoredFile

    given = {}
    for criterion in version_criteria(version, kind):
        if criterion.evidence_kind == EvidenceKind.TEXT:
            given[criterion.pk] = EvidenceInput(text=f"Justification : {criterion.label}.")
        elif criterion.evidence_kind == EvidenceKind.PHOTO:
            given[criterion.pk] = EvidenceInput(
                stored=StoredFile(content=tiny_jpeg(), content_type="image/jpeg", extension="jpg"),
                file_name="espace.jpg",
            )
        elif criterion.evidence_kind == EvidenceKind.DOCUMENT:
            given[criterion.pk] = EvidenceInput(
                stored=StoredFile(content=tiny_pdf(), content_type="application/pdf", extension="pdf"),
                file_name="programme.pdf",
            )
        else:
            given[criterion.pk] = EvidenceInput(speed_mbps=Decimal("120.0"))
    return given


def apply_for(place: Place, manager: Any, version: Any = None, kind: str | None = None) -> Any:
    """A submitted adhesion, through the real use case."""
    from solozere.charter.services import current_published_version, membership_apply

    version = version or current_published_version()
    kind = kind or place.kind
    return membership_apply(
        actor=manager,
        place=place,
        version=version,
        kind=kind,
        details={},
        evidence=evidence_for(version, kind),
        accepted=True,
    )


def approve(membership: Any, staff: Any) -> Any:
    from solozere.charter.models import ReviewState
    from solozere.charter.services import CriterionReview, membership_review
    from solozere.charter.workflow import Action

    reviews = {row.pk: CriterionReview(state=ReviewState.ACCEPTED) for row in membership.evidence.all()}
    return membership_review(actor=staff, membership=membership, reviews=reviews, decision=Action.APPROVE)


def member_place(manager: Any, staff: Any, **fields: Any) -> Place:
    """A Comptoir that applied and was approved: "membre du réseau" with the label."""
    place = comptoir_ready(**fields)
    place.managers.add(manager)
    approve(apply_for(place, manager), staff)
    place.refresh_from_db()
    return place
