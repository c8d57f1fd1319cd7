"""The demo project requests: fictional, from demo addresses (core.demo.DEMO_EMAIL_DOMAIN, which no e-mail reaches),
the names labelled « (démo) », made through the real use cases (a visitor's request confirmed by its link, routed to
the reference profiles of load_accompaniment; the demo partner agent answering, working on one, closing another).
`load_demo_accompaniment` loads them after the reference data and the demo accounts; `delete_demo` removes them with
their parts, messages and logs (a removal registered with core.demo). The e-mails the use cases send go the way every
e-mail goes (core.mail.notify): to demo addresses, through the console backend of the development settings."""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import QuerySet

from solozere.accompaniment import services, services_partner
from solozere.accompaniment.models import Assignment, ProjectRequest
from solozere.accompaniment.topics import RequesterKind, Topic
from solozere.accompaniment.workflow import AssignmentStatus
from solozere.accounts.models import User
from solozere.core.demo import DEMO_EMAIL_DOMAIN
from solozere.organisations.selectors import organisations_of_agent
from solozere.territory.models import Commune

DEMO = " (démo)"
DESCRIPTION = "Demande fictive de démonstration : "
AGENT_EMAIL = f"demo-agent-partenaire@{DEMO_EMAIL_DOMAIN}"  # backoffice.demo_accounts, the layer above


@dataclass(frozen=True)
class DemoRequest:
    key: str
    requester_kind: str
    name: str
    insee: str
    topics: tuple[str, ...]
    description: str
    company_name: str = ""
    # What the demo agent does with its organisation's part: "" nothing, "answer", "start", "close".
    agent: str = ""
    answer: str = ""

    @property
    def email(self) -> str:
        return f"demande-{self.key}@{DEMO_EMAIL_DOMAIN}"


DEMO_REQUESTS = (
    DemoRequest(
        "installation",
        RequesterKind.NEWCOMER,
        "Claire Fontanille",
        "48132",  # Saint-Alban-sur-Limagnole
        (Topic.WORKPLACE, Topic.PARTNER_EMPLOYMENT),
        "nous quittons Lyon pour Saint-Alban-sur-Limagnole à la rentrée. Je télétravaille trois jours par semaine "
        "et cherche un télécentre proche ; mon conjoint, menuisier, cherche un emploi dans le secteur.",
        agent="answer",
        answer="Bonjour, le télécentre le plus proche vous accueille pour une journée d'essai : nous vous mettons en "
        "relation avec sa gestionnaire. Réponse fictive de démonstration.",
    ),
    DemoRequest(
        "entreprise",
        RequesterKind.COMPANY,
        "Julien Privat",
        "48095",  # Mende
        (Topic.COMPANY_TELEWORK,),
        "notre bureau d'études de douze salariés à Mende veut ouvrir deux jours de télétravail par semaine : "
        "accord, équipement, assurance, par où commencer ?",
        company_name="Bureau d'études du Lot",
        agent="start",
    ),
    DemoRequest(
        "ressources",
        RequesterKind.TELEWORKER,
        "Nina Couderc",
        "48061",  # Florac Trois Rivières
        (Topic.RESOURCE_CENTRE,),
        "je cherche un modèle de charte de télétravail à proposer à mon employeur.",
        agent="close",
        answer="Bonjour, vous trouverez des modèles de charte dans le centre de ressources ; nous vous en avons "
        "sélectionné deux. Réponse fictive de démonstration.",
    ),
    DemoRequest(
        "creation",
        RequesterKind.JOB_SEEKER,
        "Hugo Séguret",
        "48092",  # Marvejols
        (Topic.BUSINESS_CREATION,),
        "je voudrais créer une activité de réparation de vélos à Marvejols ; quelles aides, quel statut ?",
    ),
)


@dataclass
class DemoAccompanimentReport:
    requests: int = 0
    answers: int = 0
    skipped: bool = False
    notes: list[str] = field(default_factory=list)


def demo_requests() -> QuerySet[ProjectRequest]:
    return ProjectRequest.objects.filter(email__iendswith=f"@{DEMO_EMAIL_DOMAIN}")


def demo_accompaniment_remove() -> int:
    """The demo requests, with their parts, messages, logs and survey (all cascade from the request)."""
    requests = demo_requests()
    count = requests.count()
    requests.delete()
    return count


def _create(spec: DemoRequest) -> ProjectRequest:
    commune = Commune.objects.filter(insee_code=spec.insee, kind=Commune.Kind.CURRENT).first()
    data = services.NewRequest(
        requester_kind=spec.requester_kind,
        name=f"{spec.name}{DEMO}",
        email=spec.email,
        topics=spec.topics,
        description=DESCRIPTION + spec.description,
        company_name=f"{spec.company_name}{DEMO}" if spec.company_name else "",
        commune=commune,
        commune_typed=commune.name if commune else "",
    )
    created = services.request_create(actor=AnonymousUser(), data=data)
    return services.confirm_email(created.token)


def _agent_acts(spec: DemoRequest, project_request: ProjectRequest, agent: User) -> int:
    """What the demo agent does with the parts of the organisations it acts for; returns the answers written."""
    ours = list(
        Assignment.objects.filter(request=project_request, organisation__in=organisations_of_agent(agent)).order_by(
            "-is_lead", "pk"
        )
    )
    if not ours or not spec.agent:
        return 0
    if spec.agent == "start":
        services_partner.assignment_start(actor=agent, assignment=ours[0])
        return 0
    services_partner.assignment_answer(actor=agent, assignment=ours[0], body=spec.answer)
    if spec.agent == "close":
        for assignment in ours:
            assignment.refresh_from_db()
            if assignment.status == AssignmentStatus.NEW:
                services_partner.assignment_take(actor=agent, assignment=assignment)
            services_partner.assignment_finish(
                actor=agent, assignment=assignment, outcome="Modèles de charte envoyés (démonstration)."
            )
    return 1


@transaction.atomic
def demo_accompaniment_load() -> DemoAccompanimentReport:
    """Idempotent: does nothing when demo requests exist. Needs the reference profiles (load_accompaniment); the
    demo partner agent (load_demo_accounts) answers when it is there."""
    report = DemoAccompanimentReport()
    if demo_requests().exists():
        report.skipped = True
        return report
    agent = User.objects.filter(email=AGENT_EMAIL, is_demo=True).first()
    if agent is None or not organisations_of_agent(agent).exists():
        agent = None
        report.notes.append("Agent partenaire de démonstration absent : les demandes restent sans réponse.")
    for spec in DEMO_REQUESTS:
        project_request = _create(spec)
        report.requests += 1
        if agent is not None:
            report.answers += _agent_acts(spec, project_request, agent)
    return report
