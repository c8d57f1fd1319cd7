"""Searching the resource centre: the one reading of a search's parameters behind /ressources/ and the API.
A value outside the lists gets a French message; the page ignores that filter, the API refuses (400)."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from solozere.resources.models import Audience, Kind, LibraryItem, Topic
from solozere.resources.selectors import Filters, filter_items, published_items, published_years, with_labels

SEARCH_MAX = 100
SEARCH_KEYS = ("q", "topic", "audience", "kind", "year")


def _with_blank(choices: list[tuple[str, Any]], blank: Any) -> list[tuple[str, Any]]:
    return [("", blank), *choices]


class SearchForm(forms.Form):
    """The search and filters of /ressources/, from the URL. A value that is not one of the lists gets a French
    message and is ignored: the page still answers with the rest."""

    no_optional_marker = True  # every filter is optional: "(facultatif)" five times would say nothing

    q = forms.CharField(
        label=_("Rechercher"),
        max_length=SEARCH_MAX,
        required=False,
        help_text=_("Dans le titre, le résumé, l'auteur et son organisme."),
        error_messages={"max_length": _("Recherche trop longue (%(limit_value)d caractères au plus) : ignorée.")},
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    topic = forms.ChoiceField(
        label=_("Thème"),
        choices=_with_blank(Topic.choices, _("Tous les thèmes")),
        required=False,
        error_messages={"invalid_choice": _("Ce thème n'existe pas : le filtre est ignoré.")},
    )
    audience = forms.ChoiceField(
        label=_("Public"),
        choices=_with_blank(Audience.choices, _("Tous les publics")),
        required=False,
        error_messages={"invalid_choice": _("Ce public n'existe pas : le filtre est ignoré.")},
    )
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=_with_blank(Kind.choices, _("Tous les types")),
        required=False,
        error_messages={"invalid_choice": _("Ce type de ressource n'existe pas : le filtre est ignoré.")},
    )
    year = forms.TypedChoiceField(
        label=_("Année du document"),
        coerce=int,
        choices=[],
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Aucune ressource publiée n'est de cette année : le filtre est ignoré.")},
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _with_blank([(str(y), str(y)) for y in years], _("Toutes les années"))  # type: ignore[attr-defined]

    def filters(self) -> Filters:
        """The valid part of the search: a field in error asks for nothing."""
        if not self.is_bound:
            return Filters()
        self.is_valid()
        data = self.cleaned_data
        return Filters(
            q=(data.get("q") or "").strip(),
            topic=data.get("topic") or "",
            audience=data.get("audience") or "",
            kind=data.get("kind") or "",
            year=data.get("year"),
        )


@dataclass(frozen=True)
class SearchResult:
    form: SearchForm
    filters: Filters
    items: QuerySet[LibraryItem]  # published, filtered, their labels prefetched; not paginated

    @property
    def errors(self) -> list[str]:
        return [str(message) for messages in self.form.errors.values() for message in messages]


def search_items(params: Mapping[str, str], *, years: list[int] | None = None) -> SearchResult:
    """The published resources a search asks for. `years` are the choices of the year filter (the published
    years, for the page's list of choices, by default)."""
    asked = {key: str(params.get(key) or "") for key in SEARCH_KEYS}
    form = SearchForm(asked if any(asked.values()) else None, years=published_years() if years is None else years)
    filters = form.filters()
    return SearchResult(form=form, filters=filters, items=with_labels(filter_items(published_items(), filters)))
