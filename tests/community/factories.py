from datetime import timedelta

import factory
from django.utils import timezone

from solozere.community.models import (
    ContactMessage,
    Membership,
    MembershipPeriod,
    Report,
    Sector,
    TeleworkerStatus,
    TeleworkFrequency,
    Visibility,
)
from solozere.community.workflow import MembershipState
from tests.accounts.factories import UserFactory


class MembershipFactory(factory.django.DjangoModelFactory):
    """An application (submitted). Lives outside Lozère by default, so that no territory is needed;
    pass `commune=` with the `territory` fixture for a Lozère resident."""

    class Meta:
        model = Membership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    state = MembershipState.SUBMITTED
    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = factory.Sequence(lambda n: f"Nom{n}")
    lives_outside_lozere = factory.LazyAttribute(lambda o: o.commune is None)
    commune = None
    outside_place = factory.LazyAttribute(lambda o: "Aurillac (15)" if o.commune is None else "")
    status = TeleworkerStatus.FREELANCE
    occupation = "Développeuse web"
    sector = Sector.DIGITAL
    telework_frequency = TeleworkFrequency.FULL_TIME
    telework_places = factory.LazyFunction(lambda: ["home"])
    bio = "J'aime les causses."
    expectations = "Rencontrer d'autres télétravailleurs."

    class Params:
        approved = factory.Trait(
            state=MembershipState.APPROVED,
            valid_until=factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=300)),
            decided_at=factory.LazyFunction(timezone.now),
        )
        lapsed = factory.Trait(
            state=MembershipState.APPROVED,
            valid_until=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1)),
            decided_at=factory.LazyFunction(timezone.now),
        )
        listed = factory.Trait(listed_in_directory=True)
        info_requested = factory.Trait(state=MembershipState.INFO_REQUESTED)
        refused = factory.Trait(state=MembershipState.REFUSED, decided_at=factory.LazyFunction(timezone.now))
        all_public = factory.Trait(
            **{
                f"{name}_visibility": Visibility.PUBLIC
                for name in ("name", "commune", "status", "occupation", "sector", "skills", "interests", "bio")
            }
        )

    @factory.post_generation
    def period(obj, create, extracted, **kwargs):
        if not create:
            return
        obj.save()
        if obj.state == MembershipState.APPROVED and obj.valid_until:
            ends_on = obj.valid_until
            MembershipPeriod.objects.create(membership=obj, starts_on=ends_on - timedelta(days=364), ends_on=ends_on)

    @factory.post_generation
    def skills(obj, create, extracted, **kwargs):
        if create and extracted:
            from solozere.community.services import tags_for

            obj.skills.set(tags_for(list(extracted)))


class ContactMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactMessage

    sender = factory.SubFactory(UserFactory)
    recipient = factory.SubFactory(UserFactory)
    subject = "Bonjour"
    body = "Un café au télécentre jeudi ?"


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    reporter = factory.SubFactory(UserFactory)
    target = Report.Target.PROFILE
    membership = factory.SubFactory(MembershipFactory, approved=True, listed=True)
    reason = Report.Reason.SPAM
    details = "Démarchage."
    reported_text = "Texte"
