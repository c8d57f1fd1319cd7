"""Contributions and survey answers (events' other factories are in factories.py)."""

import factory
from django.utils import timezone

from solozere.events.models import Contribution, ContributionKind, SurveyResponse
from solozere.events.workflow import ContributionStatus
from tests.accounts.factories import UserFactory
from tests.aids.factories import PDF_BYTES
from tests.events.factories import EventFactory, RegistrationFactory


class ContributionFactory(factory.django.DjangoModelFactory):
    """A talk proposed by someone with an account to a published event, waiting for the organiser's answer."""

    class Meta:
        model = Contribution

    event = factory.SubFactory(EventFactory, contributions_open=True)
    status = ContributionStatus.PROPOSED
    kind = ContributionKind.TALK
    title = factory.Sequence(lambda n: f"Retour d'expérience n° {n} : télétravailler depuis l'Aubrac")
    summary = "Deux ans de télétravail depuis un Comptoir : ce qui marche, ce qui manque."
    speaker = "Camille Martin"
    organisation_name = "Fromagerie du Gévaudan"
    proposed_by = factory.SubFactory(UserFactory)

    class Params:
        accepted = factory.Trait(status=ContributionStatus.ACCEPTED)
        declined = factory.Trait(status=ContributionStatus.DECLINED, decision_reason="Le programme est complet.")
        published = factory.Trait(
            status=ContributionStatus.PUBLISHED,
            kind=ContributionKind.SLIDES,
            event=factory.SubFactory(EventFactory, past=True),
            file=factory.django.FileField(filename="support.pdf", data=PDF_BYTES),
            file_type="application/pdf",
            file_name="support-intervention.pdf",
            licence="cc_by_4_0",
            published_at=factory.LazyFunction(timezone.now),
        )


class SurveyResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyResponse

    registration = factory.SubFactory(RegistrationFactory, attended=True)
    event = factory.LazyAttribute(lambda o: o.registration.event)
    rating = 4
    useful = True
    comment = ""
