"""Requests already routed, for the partner's inbox and the follow-up commands (the public form builds its own)."""

import datetime as dt

import factory
from django.utils import timezone

from solozere.accompaniment.models import AgentAbsence, Assignment, PartnerProfile, ProjectRequest
from solozere.accompaniment.topics import RequesterKind, Topic
from solozere.accompaniment.workflow import AssignmentStatus, RequestStatus
from tests.organisations.factories import OrganisationFactory


class PartnerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerProfile

    organisation = factory.SubFactory(OrganisationFactory)
    topics = factory.LazyFunction(lambda: [Topic.WORKPLACE])


class ProjectRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectRequest

    status = RequestStatus.OPEN
    requester_kind = RequesterKind.NEWCOMER
    name = "Camille Martin"
    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    topics = factory.LazyFunction(lambda: [Topic.WORKPLACE])
    description = "Je m'installe et je cherche un lieu où télétravailler."
    consented_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    request = factory.SubFactory(ProjectRequestFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = AssignmentStatus.NEW
    is_lead = True


class AgentAbsenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgentAbsence

    starts_on = dt.date(2026, 12, 1)
    ends_on = dt.date(2026, 12, 31)
