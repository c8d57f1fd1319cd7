"""Use cases of a project request, from the person's side: create it, confirm a visitor's address, route it to the
organisations that cover its topics at its commune, reply to them, withdraw it. Views (and the staff's and the
agents' screens) call these.

A visitor's request waits (pending) until they confirm their address by the link e-mailed to them, valid as long as
an event registration's (CONFIRMATION_HOURS); nobody reads it before. A signed-in person whose address is confirmed
skips that step. Routing is routing.route (pure) over selectors.coverages(): one Assignment per organisation it
names, one of them the lead; the topics nobody covers there are kept in `unrouted_topics` for staff, and a request
nobody covers at all is left to them (unrouted).

Every change of state goes through the shared workflow (one log row each), in a transaction that first locks the
request's row, then its assignments in the order of their pk. E-mails leave after commit (core.mail.notify)."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from solozere.accompaniment import routing
from solozere.accompaniment.answer_links import answer_token
from solozere.accompaniment.models import (
    MAX_DESCRIPTION,
    AgentAbsence,
    Assignment,
    AssignmentLog,
    Message,
    MessageSender,
    PartnerProfile,
    ProjectRequest,
    RequestLog,
)
from solozere.accompaniment.selectors import coverages, where_of
from solozere.accompaniment.selectors_followup import network_emails
from solozere.accompaniment.topics import RequesterKind, Topic
from solozere.accompaniment.workflow import (
    ACTIVE_ASSIGNMENT_STATES,
    ASSIGNMENT_WORKFLOW,
    LIVE_REQUEST_STATES,
    REQUEST_WORKFLOW,
    AssignmentAction,
    AssignmentRole,
    RequestAction,
    RequestRole,
    RequestStatus,
)
from solozere.accounts.selectors import has_verified_email, users_with_verified_email
from solozere.core.demo import DEMO_EMAIL_DOMAIN
from solozere.core.identifiers import siret_key_is_valid
from solozere.core.mail import absolute_url, notify
from solozere.core.private_links import CONFIRMATION_HOURS
from solozere.core.workflow import TransitionNotAllowed
from solozere.core.workflow_log import apply_transition
from solozere.organisations.models import Organisation, OrganisationAgent, OrganisationStatus
from solozere.territory.models import Commune

# States in which the person may still write to the organisations (an unrouted request: to the staff who route it).
REPLY_STATES = (RequestStatus.OPEN, RequestStatus.UNROUTED)


class RequestError(Exception):
    """A refusal with a French message for the person who tried. `code` names the few a view handles in its own way
    ("expired": a confirmation link too old; "withdrawn": a request withdrawn before it was confirmed)."""

    def __init__(self, message: str, *, code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class NewRequest:
    """What the form gathered, checked (forms.RequestForm.to_input)."""

    requester_kind: str
    name: str
    email: str
    topics: tuple[str, ...]
    description: str
    company_name: str = ""
    siret: str = ""
    commune: Commune | None = None  # the row found: a current commune or a commune déléguée (Javols)
    commune_typed: str = ""  # what was typed ("" when not chosen yet)


# --- Links and dates ------------------------------------------------------------------------------------------------


def private_url(project_request: ProjectRequest) -> str:
    return absolute_url(reverse("accompaniment:private", args=[project_request.token]))


def confirm_url(project_request: ProjectRequest) -> str:
    return absolute_url(reverse("accompaniment:confirm", args=[project_request.token]))


def inbox_url(assignment: Assignment) -> str:
    """Where an agent reads the request: their organisation's inbox's page of it."""
    return absolute_url(reverse("accompaniment_partner:request", args=[assignment.request.reference]))


def staff_url(project_request: ProjectRequest) -> str:
    """Where staff read the request whole and route it (the partners' inbox is not theirs)."""
    return absolute_url(reverse("accompaniment:staff_request", args=[project_request.reference]))


def confirmation_expires_at(project_request: ProjectRequest) -> dt.datetime:
    return project_request.created_at + dt.timedelta(hours=CONFIRMATION_HOURS)


def retention_months() -> int:
    return int(settings.ACCOMPANIMENT_RETENTION_MONTHS)


# --- Checks ---------------------------------------------------------------------------------------------------------


def _checked(data: NewRequest) -> NewRequest:
    """The form checks all this already; a service called otherwise (a command, a test) gets the same refusals."""
    if data.requester_kind not in RequesterKind.values:
        raise RequestError(_("Dites qui fait la demande."))
    if not data.topics:
        raise RequestError(_("Choisissez au moins un sujet."))
    if any(topic not in Topic.values for topic in data.topics):
        raise RequestError(_("Sujet inconnu : choisissez dans la liste."))
    if not data.description.strip():
        raise RequestError(_("Décrivez votre projet en quelques lignes."))
    if len(data.description) > MAX_DESCRIPTION:
        raise RequestError(
            _("Votre description est trop longue : %(limit)s caractères au plus.") % {"limit": MAX_DESCRIPTION}
        )
    if data.siret and not siret_key_is_valid(data.siret):
        raise RequestError(_("Ce SIRET n'est pas valide : vérifiez les 14 chiffres."))
    if not data.email.strip() or not data.name.strip():
        raise RequestError(_("Indiquez votre nom et votre adresse e-mail."))
    return data


# --- Transitions ----------------------------------------------------------------------------------------------------


def request_transition(
    project_request: ProjectRequest, *, action: str, role: str, actor: Any, save_fields: Sequence[str] = ()
) -> None:
    try:
        apply_transition(
            workflow=REQUEST_WORKFLOW,
            obj=project_request,
            action=action,
            role=role,
            actor=actor,
            log_model=RequestLog,
            save_fields=save_fields,
            request=project_request,
        )
    except TransitionNotAllowed as error:
        raise RequestError(error.message) from None


def _assignment_transition(
    assignment: Assignment, *, action: str, role: str, actor: Any, save_fields: Sequence[str] = ()
) -> None:
    try:
        apply_transition(
            workflow=ASSIGNMENT_WORKFLOW,
            obj=assignment,
            action=action,
            role=role,
            actor=actor,
            log_model=AssignmentLog,
            save_fields=save_fields,
            assignment=assignment,
        )
    except TransitionNotAllowed as error:
        raise RequestError(error.message) from None


def lock_request(project_request: ProjectRequest) -> ProjectRequest:
    return (
        ProjectRequest.objects.select_for_update(of=("self",))
        .select_related("commune__parent", "user")
        .get(pk=project_request.pk)
    )


# --- E-mails --------------------------------------------------------------------------------------------------------


def _context(project_request: ProjectRequest, **more: Any) -> dict[str, Any]:
    return {
        "project_request": project_request,
        "private_url": private_url(project_request),
        "topics": project_request.topic_labels,
        "commune": project_request.commune or project_request.commune_typed,
        "retention_months": retention_months(),
        **more,
    }


def tell_person(project_request: ProjectRequest, *, subject: str, template: str, **more: Any) -> None:
    notify(
        to=[project_request.email],
        subject=subject % {"reference": project_request.reference},
        template=template,
        context=_context(project_request, **more),
    )


def addressees_of(
    organisation_ids: Iterable[int], *, day: dt.date | None = None
) -> dict[int, list[tuple[str, int | None]]]:
    """{organisation id: [(address, the agent's account id, or None for the profile's own address)]}: its agents
    (accounts still active, not away on `day`) and the address staff gave it, each address once. Two queries whatever
    the number of organisations."""
    ids = set(organisation_ids)
    result: dict[int, list[tuple[str, int | None]]] = defaultdict(list)
    day = day or timezone.localdate()
    away = AgentAbsence.objects.filter(user=OuterRef("user"), starts_on__lte=day, ends_on__gte=day)
    agents = (
        OrganisationAgent.objects.filter(organisation_id__in=ids, user__is_active=True)
        .exclude(user__email="")
        .exclude(Exists(away))
        .values_list("organisation_id", "user__email", "user_id")
        .order_by("organisation_id", "user__email")
    )
    for organisation_id, email, agent_id in agents:
        result[organisation_id].append((email.lower(), agent_id))
    contacts = PartnerProfile.objects.filter(organisation_id__in=ids).exclude(contact_email="")
    for organisation_id, contact in contacts.values_list("organisation_id", "contact_email"):
        result[organisation_id].append((contact.lower(), None))
    deduplicated: dict[int, list[tuple[str, int | None]]] = {}
    for key, pairs in result.items():
        seen: dict[str, int | None] = {}
        for address, account in pairs:
            seen.setdefault(address, account)
        deduplicated[key] = list(seen.items())
    return deduplicated


def recipients_of(organisation_ids: Iterable[int], *, day: dt.date | None = None) -> dict[int, list[str]]:
    """{organisation id: the addresses that receive its requests} (addressees_of, without the accounts)."""
    return {key: [email for email, _user in pairs] for key, pairs in addressees_of(organisation_ids, day=day).items()}


def answer_url(assignment: Assignment, agent_id: int) -> str:
    """The agent's own signed link to answer without signing in (answer_links.py)."""
    return absolute_url(
        reverse("accompaniment_partner:answer", args=[answer_token(assignment=assignment, agent_id=agent_id)])
    )


def is_demo(project_request: ProjectRequest) -> bool:
    """A demo request (demo.py: its address in the demo domain): it never makes the staff's real address mailed."""
    return project_request.email.lower().endswith(f"@{DEMO_EMAIL_DOMAIN}")


def nobody_there(organisation: Organisation) -> str:
    """What staff read when they get, in its stead, what was meant for an organisation nobody receives for."""
    return _(
        "%(organisation)s n'a personne pour recevoir ses demandes en ce moment (aucun agent présent, pas d'adresse "
        "de contact) : ce message revient à l'équipe du réseau."
    ) % {"organisation": organisation.name}


def tell_organisations(
    project_request: ProjectRequest,
    assignments: Sequence[Assignment],
    *,
    subject: str,
    template: str,
    staff_if_nobody: bool = False,
    **more: Any,
) -> None:
    """One e-mail per address of each organisation, with the link to the request in the inbox and, for each agent
    while the part is theirs, their own signed link to answer without signing in. With `staff_if_nobody`, what an
    organisation has nobody to receive (no agent present, no contact address) goes to staff instead, saying so
    (`stand_in` in the template's context), with the staff's link."""
    addresses = addressees_of(assignment.organisation_id for assignment in assignments)
    staff_if_nobody = staff_if_nobody and not is_demo(project_request)
    for assignment in assignments:
        if staff_if_nobody and not addresses.get(assignment.organisation_id):
            notify(
                to=network_emails(),
                subject=_("%(subject)s — personne pour la recevoir à %(organisation)s")
                % {
                    "subject": subject % {"reference": project_request.reference},
                    "organisation": assignment.organisation.name,
                },
                template=template,
                context=_context(
                    project_request,
                    assignment=assignment,
                    inbox_url=staff_url(project_request),
                    answer_url="",
                    stand_in=nobody_there(assignment.organisation),
                    **more,
                ),
            )
            continue
        for email, agent_id in addresses.get(assignment.organisation_id, []):
            link = answer_url(assignment, agent_id) if agent_id is not None and assignment.is_active else ""
            notify(
                to=[email],
                subject=subject % {"reference": project_request.reference},
                template=template,
                context=_context(
                    project_request, assignment=assignment, inbox_url=inbox_url(assignment), answer_url=link, **more
                ),
            )


# --- Creating and confirming ----------------------------------------------------------------------------------------


@transaction.atomic
def request_create(*, actor: Any, data: NewRequest, now: dt.datetime | None = None) -> ProjectRequest:
    """A project request. Someone signed in whose address is confirmed asks under that address: it is routed at
    once. Anyone else (a visitor, an account not confirmed yet) gets a confirmation e-mail: the request waits,
    read by nobody, until they open its link. Raises RequestError (nothing written)."""
    now = now or timezone.now()
    data = _checked(data)
    verified = has_verified_email(actor)
    project_request = ProjectRequest(
        requester_kind=data.requester_kind,
        user=actor if verified else None,
        name=" ".join(data.name.split())[:150],
        email=(actor.email if verified else data.email).strip().lower(),
        company_name=data.company_name.strip(),
        siret=data.siret,
        commune=data.commune,
        commune_typed=data.commune_typed.strip()[:120],
        topics=list(dict.fromkeys(data.topics)),
        description=data.description,
        consented_at=now,
    )
    if verified:
        project_request.confirmed_at = now
        _route(project_request, role=RequestRole.REQUESTER, actor=actor, now=now)
        return project_request
    request_transition(project_request, action=RequestAction.SUBMIT, role=RequestRole.REQUESTER, actor=None)
    tell_person(
        project_request,
        subject=_("Confirmez votre demande d'accompagnement %(reference)s"),
        template="accompaniment/email/request_confirm_address.txt",
        confirm_url=confirm_url(project_request),
        hours=CONFIRMATION_HOURS,
        expires_at=confirmation_expires_at(project_request),
    )
    return project_request


def expired_message() -> str:
    return _(
        "Ce lien de confirmation a expiré (il était valable %(hours)s heures) : votre demande n'a été transmise à "
        "personne. Déposez-la de nouveau depuis la page Accompagnement ; un nouveau lien vous sera envoyé."
    ) % {"hours": CONFIRMATION_HOURS}


@transaction.atomic
def confirm_email(token: str, *, now: dt.datetime | None = None) -> ProjectRequest:
    """The visitor opened the link of the confirmation e-mail: their address is theirs, the request is routed. A
    request already confirmed is returned as it is (the link opened twice). Raises RequestError: code "unknown",
    "expired" (past CONFIRMATION_HOURS: nothing is sent, they submit again) or "withdrawn"."""
    now = now or timezone.now()
    found = ProjectRequest.objects.filter(token=token).only("pk").first() if token else None
    if found is None:
        raise RequestError(_("Ce lien ne mène à aucune demande."), code="unknown")
    locked = lock_request(found)
    if locked.status == RequestStatus.WITHDRAWN:
        raise RequestError(_("Cette demande a été retirée : déposez-en une nouvelle au besoin."), code="withdrawn")
    if locked.status != RequestStatus.PENDING:
        return locked
    if confirmation_expires_at(locked) <= now:
        raise RequestError(expired_message(), code="expired")
    locked.confirmed_at = now
    if locked.user_id is None:
        # The address is now proven: the request is the account's whose confirmed address it is (if only one is).
        accounts = list(users_with_verified_email(locked.email)[:2])
        if len(accounts) == 1:
            locked.user = accounts[0]
    _route(locked, role=RequestRole.REQUESTER, actor=locked.user, now=now)
    return locked


# --- Routing --------------------------------------------------------------------------------------------------------


@transaction.atomic
def route_request(project_request: ProjectRequest, *, now: dt.datetime | None = None) -> routing.Routing:
    """Route a confirmed request still waiting (pending): see _route. Raises RequestError otherwise."""
    now = now or timezone.now()
    locked = lock_request(project_request)
    if locked.status != RequestStatus.PENDING or locked.confirmed_at is None:
        raise RequestError(_("Cette demande n'attend pas d'être orientée."))
    result = _route(locked, role=RequestRole.SYSTEM, actor=None, now=now)
    project_request.refresh_from_db()
    return result


def _routing(project_request: ProjectRequest, *, exclude: frozenset[int] = frozenset()) -> routing.Routing:
    try:
        return routing.route(
            project_request.topics,
            where_of(project_request),
            [coverage for coverage in coverages() if coverage.organisation_id not in exclude],
        )
    except ValueError as error:
        raise RequestError(str(error)) from None


def _assign(
    project_request: ProjectRequest, matches: Sequence[routing.Match], *, role: str, actor: Any
) -> list[Assignment]:
    """One assignment per match (the lead marked), each organisation told with its links."""
    assignments = []
    for match in matches:
        assignment = Assignment(
            request=project_request,
            organisation_id=match.organisation_id,
            is_lead=match.lead,
            reason=match.reason[:500],
        )
        _assignment_transition(assignment, action=AssignmentAction.ASSIGN, role=role, actor=actor)
        assignments.append(assignment)
    tell_organisations(
        project_request,
        assignments,
        subject=_("Nouvelle demande d'accompagnement %(reference)s"),
        template="accompaniment/email/assignment_new.txt",
        staff_if_nobody=True,
    )
    return assignments


def _tell_routed(project_request: ProjectRequest, assignments: Sequence[Assignment], names: dict[int, str]) -> None:
    tell_person(
        project_request,
        subject=_("Votre demande d'accompagnement %(reference)s est transmise")
        if assignments
        else _("Votre demande d'accompagnement %(reference)s est entre les mains de l'équipe"),
        template="accompaniment/email/request_routed.txt",
        organisations=[(names[a.organisation_id], a.is_lead) for a in assignments],
        unrouted=project_request.unrouted_topic_labels,
    )


def _route(project_request: ProjectRequest, *, role: str, actor: Any, now: dt.datetime) -> routing.Routing:
    """Under the request's lock (or for a request not saved yet): open it with one assignment per organisation the
    routing names (the lead marked), or leave it to staff when none covers it; tell the person and each organisation.
    """
    result = _routing(project_request)
    matches = list(result.matches)
    project_request.unrouted_topics = list(result.unrouted_topics)
    project_request.routed_at = now if matches else None
    request_transition(
        project_request,
        action=RequestAction.OPEN if matches else RequestAction.LEAVE_UNROUTED,
        role=role,
        actor=actor,
        save_fields=("unrouted_topics", "routed_at", "confirmed_at", "user"),
    )
    assignments = _assign(project_request, matches, role=AssignmentRole.SYSTEM, actor=None)
    _tell_routed(project_request, assignments, {match.organisation_id: match.name for match in matches})
    return result


def reroute(project_request: ProjectRequest, *, exclude: set[int], actor: Any, now: dt.datetime) -> list[Assignment]:
    """Under the request's lock, every organisation's part ended without an outcome (declined): route it again
    without the organisations in `exclude`, or back to staff when nobody else covers it."""
    result = _routing(project_request, exclude=frozenset(exclude))
    matches = list(result.matches)
    project_request.unrouted_topics = list(result.unrouted_topics) if matches else list(project_request.topics)
    if matches:
        project_request.routed_at = now
        project_request.save(update_fields=["unrouted_topics", "routed_at", "updated_at"])
    else:
        request_transition(
            project_request,
            action=RequestAction.BACK_TO_ROUTING,
            role=RequestRole.AGENT if getattr(actor, "is_authenticated", False) else RequestRole.SYSTEM,
            actor=actor,
            save_fields=("unrouted_topics",),
        )
        notify(
            to=network_emails(),
            subject=_("Demande %(reference)s à orienter : aucune autre structure ne la couvre")
            % {"reference": project_request.reference},
            template="accompaniment/email/staff_unrouted.txt",
            context=_context(project_request),
        )
    assignments = _assign(project_request, matches, role=AssignmentRole.SYSTEM, actor=None)
    _tell_routed(project_request, assignments, {match.organisation_id: match.name for match in matches})
    return assignments


def free_organisations(request_id: int) -> QuerySet[Organisation]:
    """The organisations a request may go to by hand, routed by the staff or handed over by an agent: in activity,
    with a profile that receives requests, not already on it."""
    busy = Assignment.objects.filter(request_id=request_id, status__in=ACTIVE_ASSIGNMENT_STATES)
    return (
        Organisation.objects.filter(status=OrganisationStatus.ACTIVE, accompaniment_profile__receives_requests=True)
        .exclude(pk__in=busy.values("organisation_id"))
        .order_by("name")
    )


def hand_routing_targets(project_request: ProjectRequest) -> QuerySet[Organisation]:
    return free_organisations(project_request.pk)


def has_active_lead(project_request: ProjectRequest) -> bool:
    return Assignment.objects.filter(
        request_id=project_request.pk, is_lead=True, status__in=ACTIVE_ASSIGNMENT_STATES
    ).exists()


def route_by_hand(
    *,
    actor: Any,
    project_request: ProjectRequest,
    organisations: Sequence[Organisation],
    lead: Organisation | None = None,
    now: dt.datetime | None = None,
) -> list[Assignment]:
    """Staff send a request (unrouted, or open with topics nobody covers) to the organisations they chose: one
    assignment each, the lead among them when the request has no active lead yet (the only one chosen is the lead),
    none otherwise. The topics the chosen organisations handle (their profiles) leave `unrouted_topics`; the others
    stay for staff. The person and each organisation are told. Raises RequestError (nothing written)."""
    now = now or timezone.now()
    chosen = list({organisation.pk: organisation for organisation in organisations}.values())
    if not chosen:
        raise RequestError(_("Choisissez au moins une structure."))
    with transaction.atomic():
        locked = lock_request(project_request)
        if locked.status not in (RequestStatus.UNROUTED, RequestStatus.OPEN):
            raise RequestError(
                _("Cette demande est « %(state)s » : elle ne peut plus être orientée.")
                % {"state": locked.get_status_display()}
            )
        allowed = set(hand_routing_targets(locked).filter(pk__in=[o.pk for o in chosen]).values_list("pk", flat=True))
        for organisation in chosen:
            if organisation.pk not in allowed:
                raise RequestError(
                    _(
                        "« %(organisation)s » ne peut pas recevoir cette demande : elle n'est plus en activité, "
                        "n'en reçoit pas, ou l'a déjà."
                    )
                    % {"organisation": organisation.name}
                )
        if has_active_lead(locked):
            if lead is not None:
                raise RequestError(_("Cette demande a déjà une structure chef de file : n'en choisissez pas d'autre."))
            lead_id = None
        elif lead is None and len(chosen) > 1:
            raise RequestError(_("Choisissez la structure chef de file parmi celles que vous avez cochées."))
        else:
            lead_id = lead.pk if lead is not None else chosen[0].pk
            if lead_id not in allowed:
                raise RequestError(_("La structure chef de file doit être l'une de celles que vous avez cochées."))
        handled = dict(
            PartnerProfile.objects.filter(organisation_id__in=allowed).values_list("organisation_id", "topics")
        )
        covered = {topic for topics in handled.values() for topic in topics}
        locked.unrouted_topics = [topic for topic in locked.unrouted_topics if topic not in covered]
        locked.routed_at = now
        request_transition(
            locked,
            action=RequestAction.ROUTE_BY_HAND,
            role=RequestRole.STAFF,
            actor=actor,
            save_fields=("unrouted_topics", "routed_at"),
        )
        matches = [
            routing.Match(
                organisation_id=organisation.pk,
                name=organisation.name,
                topics=tuple(topic for topic in locked.topics if topic in handled.get(organisation.pk, [])),
                reason=_("Orientée par l'équipe du réseau."),
                lead=organisation.pk == lead_id,
            )
            for organisation in chosen
        ]
        assignments = _assign(locked, matches, role=AssignmentRole.STAFF, actor=actor)
        _tell_routed(locked, assignments, {match.organisation_id: match.name for match in matches})
    project_request.refresh_from_db()
    return assignments


# --- The person's side, from the private link ----------------------------------------------------------------------


def _active_assignments(project_request: ProjectRequest) -> list[Assignment]:
    return list(
        Assignment.objects.select_for_update(of=("self",))
        .filter(request=project_request, status__in=ACTIVE_ASSIGNMENT_STATES)
        .select_related("organisation")
        .order_by("pk")
    )


@transaction.atomic
def request_reply(*, project_request: ProjectRequest, body: str, actor: Any = None) -> Message:
    """The person writes to the organisations that have their request (e-mailed to each; to staff for one that has
    nobody to receive it), or, while it is unrouted, to the staff who route it. Raises RequestError."""
    locked = lock_request(project_request)
    body = body.strip()
    if locked.status not in REPLY_STATES:
        raise RequestError(
            _("Cette demande est « %(state)s » : on ne peut plus y écrire.") % {"state": locked.get_status_display()}
        )
    if not body:
        raise RequestError(_("Écrivez votre message."))
    if len(body) > MAX_DESCRIPTION:
        raise RequestError(
            _("Votre message est trop long : %(limit)s caractères au plus.") % {"limit": MAX_DESCRIPTION}
        )
    author = actor if getattr(actor, "is_authenticated", False) and actor.pk == locked.user_id else None
    message = Message.objects.create(request=locked, sender=MessageSender.REQUESTER, author=author, body=body)
    assignments = list(
        Assignment.objects.filter(request=locked, status__in=ACTIVE_ASSIGNMENT_STATES).order_by("-is_lead", "pk")
    )
    if not assignments:
        # Unrouted: nobody has it but the staff who route it, as the person's page says.
        notify(
            to=[] if is_demo(locked) else network_emails(),
            subject=_("Demande %(reference)s à orienter : un message de la personne") % {"reference": locked.reference},
            template="accompaniment/email/request_reply.txt",
            context=_context(
                locked,
                message=message,
                inbox_url=staff_url(locked),
                answer_url="",
                stand_in=_("Cette demande n'a encore aucune structure : c'est l'équipe du réseau qui la lit."),
            ),
        )
        return message
    tell_organisations(
        locked,
        assignments,
        subject=_("Demande %(reference)s : un message de la personne"),
        template="accompaniment/email/request_reply.txt",
        staff_if_nobody=True,
        message=message,
    )
    return message


def withdraw_locked(locked: ProjectRequest, *, actor: Any, now: dt.datetime) -> list[Assignment]:
    """Under the request's lock, a live request withdrawn by the person (`actor`: their account, or None): every
    organisation's active part ends now, then the request. Returns the parts that ended, for the caller to tell (or
    not: an account's deletion tells nobody). Raises RequestError when the request is no longer live."""
    active = _active_assignments(locked)
    for assignment in active:
        assignment.ended_at = now
        _assignment_transition(
            assignment,
            action=AssignmentAction.WITHDRAW,
            role=AssignmentRole.REQUESTER,
            actor=actor,
            save_fields=("ended_at",),
        )
    request_transition(locked, action=RequestAction.WITHDRAW, role=RequestRole.REQUESTER, actor=actor)
    return active


@transaction.atomic
def request_withdraw(*, project_request: ProjectRequest, actor: Any = None, now: dt.datetime | None = None) -> None:
    """The person withdraws their request: every organisation's part ends (each told), nothing more is sent to
    them. Raises RequestError when it is no longer live."""
    now = now or timezone.now()
    locked = lock_request(project_request)
    if locked.status not in LIVE_REQUEST_STATES:
        raise RequestError(
            _("Cette demande est « %(state)s » : elle ne peut plus être retirée.")
            % {"state": locked.get_status_display()}
        )
    who = actor if getattr(actor, "is_authenticated", False) else None
    active = withdraw_locked(locked, actor=who, now=now)
    tell_organisations(
        locked,
        active,
        subject=_("Demande %(reference)s retirée par la personne"),
        template="accompaniment/email/request_withdrawn.txt",
    )
    project_request.status = locked.status
