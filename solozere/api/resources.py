"""The resource centre in the public API: the published resources, with the filters of /ressources/.

Parameters are read from the raw query string and checked by the page's own search form, so that a bad value gets
the page's French message (here a 400 rather than a filter ignored: a program should know), never Ninja's 422 in
English, and never a 500. Same selectors as the page: nothing here filters resources again."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.decorators import decorate_view
from ninja.responses import Status

from solozere.api import throttling
from solozere.api.errors import error_body
from solozere.api.schemas import error_responses
from solozere.core.page_cache import cache_anonymous_page
from solozere.resources.models import LICENCE_URLS, Audience, Kind, LibraryItem, Licence, Topic
from solozere.resources.search import SEARCH_KEYS, SEARCH_MAX, search_items

router = Router()

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
# Any year a document may bear: the API filters on it even where no resource is published (an empty list).
_YEARS = list(range(1900, 2101))


class CodeLabelOut(Schema):
    code: str
    label: str


class LicenceOut(Schema):
    code: str = Field(description="`lo_2_0`, `cc_by_4_0`, `cc_by_sa_4_0`, `all_rights_reserved` ou `other`.")
    label: str = Field(description="Nom de la licence ; pour `other`, celle que la personne a indiquée.")
    url: str | None = Field(description="Texte de la licence, pour les licences ouvertes.")


class DocumentOut(Schema):
    url: str = Field(description="Adresse du fichier (un PDF ou une image), servi avec son type reconnu.")
    content_type: str = Field(description="Type reconnu dans le contenu du fichier : `application/pdf`, `image/...`.")
    size: int = Field(description="Taille en octets.")


class SourceEventOut(Schema):
    title: str
    url: str | None


class ResourceOut(Schema):
    id: int
    title: str
    summary: str
    kind: CodeLabelOut
    author: str
    organisation: str | None
    date: dt.date = Field(description="Date du document.")
    licence: LicenceOut
    topics: list[CodeLabelOut]
    audiences: list[CodeLabelOut]
    document: DocumentOut | None = Field(description="Le document, ou null pour un lien.")
    link: str | None = Field(description="L'adresse de la ressource en ligne, ou null pour un document.")
    source_event: SourceEventOut | None = Field(description="L'événement d'où vient une contribution, ou null.")
    is_demo: bool = Field(description="Ressource fictive du jeu de démonstration.")
    published_at: dt.datetime
    url: str = Field(description="Page de la ressource sur le site.")


class ResourcePage(Schema):
    count: int = Field(description="Nombre total de ressources correspondant à la recherche.")
    page: int
    page_size: int
    next: str | None
    previous: str | None
    results: list[ResourceOut]


def _param(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"in": "query", "name": name, "required": False, "schema": schema, "description": description}


PARAMETERS = [
    _param(
        "q",
        {"type": "string", "maxLength": SEARCH_MAX},
        "Mots cherchés (tous) dans le titre, le résumé, "
        "l'auteur et son organisme, sans tenir compte des accents ni des majuscules.",
    ),
    _param("topic", {"type": "string", "enum": list(Topic.values)}, "Thème."),
    _param("audience", {"type": "string", "enum": list(Audience.values)}, "Public."),
    _param("kind", {"type": "string", "enum": list(Kind.values)}, "Type de ressource."),
    _param("year", {"type": "integer", "minimum": 1900, "maximum": 2100}, "Année du document."),
    _param("page", {"type": "integer", "minimum": 1, "default": 1}, "Numéro de page."),
    _param(
        "page_size",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE},
        "Nombre de ressources par page.",
    ),
]


class _Serializer:
    """Labels translated once per request, not once per resource."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.labels = {
            choices: {code: str(label) for code, label in choices.choices} for choices in (Kind, Topic, Audience)
        }
        self.licences = {code: str(label) for code, label in Licence.choices}

    def code_label(self, choices: Any, code: str) -> dict[str, str]:
        return {"code": code, "label": self.labels[choices].get(code, code)}

    def item(self, item: LibraryItem) -> dict[str, Any]:
        absolute = self.request.build_absolute_uri
        return {
            "id": item.pk,
            "title": item.title,
            "summary": item.summary,
            "kind": self.code_label(Kind, item.kind),
            "author": item.author,
            "organisation": item.organisation or None,
            "date": item.document_date,
            "licence": {
                "code": item.licence,
                "label": item.licence_other if item.licence == Licence.OTHER else self.licences[item.licence],
                "url": LICENCE_URLS.get(item.licence) or None,  # type: ignore[call-overload]
            },
            "topics": [self.code_label(Topic, row.code) for row in item.topics.all()],
            "audiences": [self.code_label(Audience, row.code) for row in item.audiences.all()],
            "document": {
                "url": absolute(reverse("resources:file", kwargs={"pk": item.pk})),
                "content_type": item.file_content_type,
                "size": item.file_size or 0,
            }
            if item.file
            else None,
            "link": item.url or None,
            "source_event": {"title": item.source_event_title, "url": item.source_url or None}
            if item.source_event_title
            else None,
            "is_demo": item.is_demo,
            "published_at": item.published_at,
            "url": absolute(item.get_absolute_url()),
        }


def _positive_int(raw: str | None, *, name: str, default: int, maximum: int | None = None) -> tuple[int, str | None]:
    if raw is None or not raw.strip():
        return default, None
    try:
        value = int(raw.strip())
    except ValueError:
        return default, _("« %(name)s » doit être un nombre entier.") % {"name": name}
    if value < 1 or (maximum is not None and value > maximum):
        return default, _("« %(name)s » doit être compris entre 1 et %(max)s.") % {
            "name": name,
            "max": maximum or "…",
        }
    return value, None


def _page_url(request: HttpRequest, page: int, page_size: int) -> str:
    pairs = [(key, request.GET[key]) for key in SEARCH_KEYS if request.GET.get(key)]
    pairs += [("page", str(page)), ("page_size", str(page_size))]
    return request.build_absolute_uri(f"{request.path}?{urlencode(pairs)}")


@decorate_view(cache_anonymous_page("resources", rate_limit=throttling.ACTION))
@router.get(
    "/resources",
    url_name="list_resources",
    operation_id="list_resources",
    response={200: ResourcePage, **error_responses(400, 404)},
    summary="Ressources publiées (JSON paginé)",
    description=(
        "Le centre de ressources : guides, modèles d'accord, études, contributions d'événements, publiés après "
        "relecture par l'équipe du réseau, avec les filtres de la page « Ressources ». Un paramètre invalide "
        "renvoie une erreur 400 avec les messages en français."
    ),
    openapi_extra={"parameters": PARAMETERS},
)
def list_resources(request: HttpRequest) -> Status[dict[str, Any]]:
    with translation.override(settings.LANGUAGE_CODE):
        page_number, page_error = _positive_int(request.GET.get("page"), name="page", default=1)
        page_size, size_error = _positive_int(
            request.GET.get("page_size"), name="page_size", default=DEFAULT_PAGE_SIZE, maximum=MAX_PAGE_SIZE
        )
        result = search_items(request.GET, years=_YEARS)
        errors = [*result.errors]
        errors += [message for message in (page_error, size_error) if message]
        if errors:
            return Status(400, error_body(_("La recherche contient des paramètres invalides."), errors=errors))
        paginator = Paginator(result.items, page_size)
        if page_number > paginator.num_pages:
            message = _("La page %(page)s n'existe pas : la dernière est la page %(last)s.") % {
                "page": page_number,
                "last": paginator.num_pages,
            }
            return Status(404, error_body(message, errors=[message]))
        page = paginator.page(page_number)
        serializer = _Serializer(request)
        return Status(
            200,
            {
                "count": paginator.count,
                "page": page_number,
                "page_size": page_size,
                "next": _page_url(request, page_number + 1, page_size) if page.has_next() else None,
                "previous": _page_url(request, page_number - 1, page_size) if page.has_previous() else None,
                "results": [serializer.item(item) for item in page.object_list],
            },
        )
