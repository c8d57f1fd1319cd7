import factory

from solozere.organisations.models import Organisation, OrganisationAgent, OrganisationStatus


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Structure partenaire {n}")
    slug = factory.Sequence(lambda n: f"structure-{n}")

    class Params:
        closed = factory.Trait(status=OrganisationStatus.CLOSED, closed_in=2018)


class OrganisationAgentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationAgent

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory("tests.accounts.factories.UserFactory")
