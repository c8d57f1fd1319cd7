"""Demo resources: fictional documents (small PDFs written here) and links to real public pages, each marked
« (démo) » in its title and « Ressource fictive de démonstration. » in its summary, like the demo places. Proposed
by demo accounts (after load_demo_accounts) through the real use cases, published by the demo staff account; one
is left to review. Idempotent; removed by `delete_demo` (registered in ResourcesConfig.ready)."""

import datetime as dt
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from solozere.accounts.models import User
from solozere.core.demo import DEMO_EMAIL_DOMAIN
from solozere.resources.models import Audience, Kind, LibraryItem, Licence, Topic
from solozere.resources.services import ProposalData, item_propose, item_publish

DEMO_TITLE_MARK = "(démo)"
DEMO_SUMMARY_PREFIX = "Ressource fictive de démonstration."


@dataclass(frozen=True)
class DemoItem:
    title: str
    summary: str
    kind: str
    author: str
    organisation: str
    document_date: dt.date
    licence: str
    topics: tuple[str, ...]
    audiences: tuple[str, ...]
    proposer: str  # the key of a demo account (backoffice.demo_accounts)
    url: str = ""
    pdf_lines: tuple[str, ...] = ()
    source_event_title: str = ""
    publish: bool = True
    licence_other: str = ""
    file_name: str = ""


DEMO_ITEMS = (
    DemoItem(
        title="Le télétravail, la page du ministère du Travail",
        summary="Le cadre du télétravail dans le secteur privé : accord collectif, charte, accord entre l'employeur et "
        "le salarié, droits du télétravailleur. Lien vers la page publique du ministère.",
        kind=Kind.GUIDE,
        author="Ministère du Travail",
        organisation="Ministère du Travail, de la Santé et des Solidarités",
        document_date=dt.date(2024, 1, 1),
        licence=Licence.OPEN_LICENCE_2,
        topics=(Topic.SETTING_UP, Topic.LAW_HEALTH),
        audiences=(Audience.COMPANY, Audience.EMPLOYEE),
        proposer="equipe",
        url="https://travail-emploi.gouv.fr/le-teletravail",
    ),
    DemoItem(
        title="Télétravail dans le secteur privé, sur Service-Public.fr",
        summary="Qui peut télétravailler, comment le demander, ce que l'employeur prend en charge : la fiche pratique "
        "de l'administration.",
        kind=Kind.GUIDE,
        author="Direction de l'information légale et administrative",
        organisation="Service-Public.fr",
        document_date=dt.date(2024, 1, 1),
        licence=Licence.OPEN_LICENCE_2,
        topics=(Topic.LAW_HEALTH,),
        audiences=(Audience.EMPLOYEE, Audience.TELEWORKER, Audience.JOB_SEEKER),
        proposer="teletravailleuse",
        url="https://www.service-public.fr/particuliers/vosdroits/F13851",
    ),
    DemoItem(
        title="Modèle de charte de télétravail pour une petite entreprise",
        summary="Une charte type à adapter : jours télétravaillés, plages où l'on peut être joint, équipement fourni, "
        "droit à la déconnexion. Document fictif.",
        kind=Kind.AGREEMENT_MODEL,
        author="Sacha Roux",
        organisation="Comptoir de démonstration",
        document_date=dt.date(2025, 3, 12),
        licence=Licence.CC_BY_SA_4,
        topics=(Topic.AGREEMENT, Topic.SETTING_UP),
        audiences=(Audience.COMPANY,),
        proposer="gestionnaire",
        file_name="modele-charte-teletravail.pdf",
        pdf_lines=(
            "Modèle de charte de télétravail (document fictif de démonstration)",
            "1. Jours télétravaillés : deux par semaine au plus, choisis avec l'équipe.",
            "2. Plages où l'on peut être joint : 9 h 30 - 12 h et 14 h - 16 h 30.",
            "3. Équipement : ordinateur portable et casque fournis par l'entreprise.",
            "4. Droit à la déconnexion : aucun message attendu après 19 h.",
        ),
    ),
    DemoItem(
        title="Le télétravail en Lozère : quelques chiffres",
        summary="Une étude fictive : combien de télétravailleurs, où ils travaillent, les kilomètres évités. Les "
        "chiffres sont inventés pour la démonstration.",
        kind=Kind.STUDY,
        author="Observatoire fictif du télétravail",
        organisation="Réseau SoLozère (démonstration)",
        document_date=dt.date(2025, 11, 4),
        licence=Licence.CC_BY_4,
        topics=(Topic.STUDIES, Topic.THIRD_PLACES),
        audiences=(Audience.LOCAL_AUTHORITY, Audience.COMPANY),
        proposer="equipe",
        file_name="chiffres-teletravail-lozere.pdf",
        pdf_lines=(
            "Le télétravail en Lozère : quelques chiffres (étude fictive de démonstration)",
            "Tous les chiffres de ce document sont inventés.",
            "Télétravailleurs suivis : 120. Jours par semaine en moyenne : 2,1.",
            "Trajets évités par mois : 3 400 km.",
        ),
    ),
    DemoItem(
        title="Travailler depuis un tiers-lieu : retour d'atelier",
        summary="Les notes d'un atelier d'un petit-déjeuner du télétravail : s'installer, se présenter, trouver sa "
        "place parmi les autres. Contribution fictive.",
        kind=Kind.EVENT_CONTRIBUTION,
        author="Camille Martin",
        organisation="",
        document_date=dt.date(2026, 2, 6),
        licence=Licence.OTHER,
        licence_other="Reproduction libre pour un usage non commercial",
        topics=(Topic.THIRD_PLACES, Topic.NETWORK_LIFE),
        audiences=(Audience.TELEWORKER, Audience.JOB_SEEKER),
        proposer="teletravailleuse",
        file_name="atelier-tiers-lieu.pdf",
        source_event_title="Petit-déjeuner du télétravail (démo)",
        pdf_lines=(
            "Travailler depuis un tiers-lieu : retour d'atelier (contribution fictive)",
            "S'installer : réserver son poste la veille, arriver avant 9 h.",
            "Se présenter : un mot au gestionnaire, un café avec les autres.",
        ),
    ),
    DemoItem(
        title="Bien choisir son casque pour les visioconférences",
        summary="Un petit guide fictif, encore à relire par l'équipe : micro, réduction de bruit, confort.",
        kind=Kind.GUIDE,
        author="Camille Martin",
        organisation="",
        document_date=dt.date(2026, 4, 1),
        licence=Licence.ALL_RIGHTS_RESERVED,
        topics=(Topic.DIGITAL_TOOLS,),
        audiences=(Audience.TELEWORKER,),
        proposer="teletravailleuse",
        file_name="casque-visio.pdf",
        publish=False,
        pdf_lines=("Bien choisir son casque (guide fictif de démonstration)", "Un micro proche de la bouche."),
    ),
)


def demo_title(title: str) -> str:
    return f"{title} {DEMO_TITLE_MARK}"


def _escape(text: str) -> bytes:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1", "replace")


def demo_pdf(lines: tuple[str, ...]) -> bytes:
    """A one-page PDF of plain lines (Helvetica), with a correct cross-reference table: readable by any viewer."""
    text = b"BT /F1 12 Tf 50 780 Td 16 TL " + b" ".join(b"(" + _escape(line) + b") '" for line in lines) + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(text)).encode() + b" >>\nstream\n" + text + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _account(key: str) -> User:
    user = User.objects.filter(is_demo=True, email=f"demo-{key}@{DEMO_EMAIL_DOMAIN}").first()
    if user is None:
        raise ValueError(
            f"Le compte de démonstration « {key} » manque : lancez d'abord « manage.py load_demo_accounts »."
        )
    return user


@transaction.atomic
def demo_resources_load() -> int:
    """The demo resources that are missing, created; how many."""
    staff = _account("equipe")
    created = 0
    for spec in DEMO_ITEMS:
        title = demo_title(spec.title)
        if LibraryItem.objects.filter(is_demo=True, title=title).exists():
            continue
        upload = (
            SimpleUploadedFile(spec.file_name, demo_pdf(spec.pdf_lines), content_type="application/pdf")
            if spec.pdf_lines
            else None
        )
        item = item_propose(
            actor=_account(spec.proposer),
            data=ProposalData(
                title=title,
                summary=f"{DEMO_SUMMARY_PREFIX} {spec.summary}",
                kind=spec.kind,
                author=spec.author,
                organisation=spec.organisation,
                document_date=spec.document_date,
                licence=spec.licence,
                licence_other=spec.licence_other,
                topics=spec.topics,
                audiences=spec.audiences,
                url=spec.url,
                upload=upload,
                source_event_title=spec.source_event_title,
                is_demo=True,
            ),
        )
        if spec.publish:
            item_publish(actor=staff, item=item)
        created += 1
    return created


def demo_resources_remove() -> int:
    """Every demo resource, with its topics, audiences and log (cascade); the files go once the transaction commits
    (solozere.core.files). How many resources went."""
    _total, per_model = LibraryItem.objects.filter(is_demo=True).delete()
    return per_model.get(LibraryItem._meta.label, 0)
