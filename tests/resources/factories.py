"""Resources for tests: proposals through the real use case (`item_propose`), and published rows made directly for
the lists (their number is what a list test varies)."""

import datetime as dt
from typing import Any

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from solozere.resources.models import Audience, ItemAudience, ItemTopic, Kind, LibraryItem, Licence, Topic
from solozere.resources.services import ProposalData, item_propose, item_publish
from solozere.resources.workflow import Status
from tests.aids.factories import PDF_BYTES, PNG_BYTES

__all__ = ["PDF_BYTES", "PNG_BYTES", "LibraryItemFactory", "pdf_upload", "proposal", "propose", "published"]


def pdf_upload(name: str = "guide.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def proposal(**overrides: Any) -> ProposalData:
    values: dict[str, Any] = {
        "title": "Guide du télétravail en entreprise",
        "summary": "Les étapes pour mettre en place le télétravail.",
        "kind": Kind.GUIDE,
        "author": "Lozère Développement",
        "organisation": "Lozère Développement",
        "document_date": dt.date(2025, 5, 12),
        "licence": Licence.CC_BY_4,
        "topics": [Topic.SETTING_UP],
        "audiences": [Audience.COMPANY],
        "url": "https://exemple.fr/guide",
    }
    values.update(overrides)
    return ProposalData(**values)


def propose(actor: Any, **overrides: Any) -> LibraryItem:
    return item_propose(actor=actor, data=proposal(**overrides))


def published(actor: Any, staff: Any, **overrides: Any) -> LibraryItem:
    return item_publish(actor=staff, item=propose(actor, **overrides))


class LibraryItemFactory(factory.django.DjangoModelFactory):
    """A published link, straight in the database (no log row): for lists, whose length is what varies."""

    class Meta:
        model = LibraryItem
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Ressource {n:03d}")
    summary = "Un résumé."
    kind = Kind.GUIDE
    author = "Autrice"
    document_date = dt.date(2025, 1, 1)
    licence = Licence.CC_BY_4
    url = factory.Sequence(lambda n: f"https://exemple.fr/{n}")
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    search_text = factory.LazyAttribute(lambda o: f"{o.title} {o.summary}".lower())

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            for code in extracted or [Topic.SETTING_UP, Topic.STUDIES]:
                ItemTopic.objects.create(item=obj, code=code)

    @factory.post_generation
    def audiences(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            for code in extracted or [Audience.COMPANY]:
                ItemAudience.objects.create(item=obj, code=code)
