"""GET /api/v1/resources: the published resources, with the page's filters; a bad value is a 400 in French, a page
beyond the last a 404, and the number of queries does not grow with the rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from solozere.resources.models import Audience, Kind, Topic
from solozere.resources.workflow import Status
from tests.resources.factories import LibraryItemFactory, pdf_upload, propose, published

pytestmark = pytest.mark.django_db


def test_published_resources_are_listed_with_what_they_are(client, member, staff_user):
    document = published(
        member,
        staff_user,
        title="Modèle d'accord",
        url="",
        upload=pdf_upload(),
        kind=Kind.AGREEMENT_MODEL,
        licence="lo_2_0",
        topics=[Topic.AGREEMENT],
        audiences=[Audience.COMPANY],
        source_event_title="Rencontres 2011",
    )
    published(
        member, staff_user, title="Un lien", licence="other", licence_other="Libre", document_date=dt.date(2020, 1, 2)
    )
    propose(member, title="Pas encore relue")

    response = client.get("/api/v1/resources")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2 and body["next"] is None and body["previous"] is None
    first, second = body["results"]
    assert first["id"] == document.pk
    assert first["kind"] == {"code": "agreement_model", "label": "modèle d'accord ou de charte"}
    assert first["licence"] == {
        "code": "lo_2_0",
        "label": "Licence Ouverte 2.0 (Etalab)",
        "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    }
    assert first["topics"] == [{"code": "agreement", "label": "accord et charte d'entreprise"}]
    assert first["document"]["url"] == f"http://testserver/ressources/{document.pk}/fichier/"
    assert first["document"]["content_type"] == "application/pdf"
    assert first["link"] is None
    assert first["source_event"] == {"title": "Rencontres 2011", "url": None}
    assert first["url"] == f"http://testserver{document.get_absolute_url()}"
    assert second["document"] is None and second["link"] == "https://exemple.fr/guide"
    assert second["licence"] == {"code": "other", "label": "Libre", "url": None}
    assert "proposed_by" not in first and member.email not in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"topic": "studies"}, 1),
        ({"audience": "job_seeker"}, 0),
        ({"kind": "guide"}, 2),
        ({"year": "2024"}, 1),
        ({"year": "1950"}, 0),
        ({"q": "CHIFFRES"}, 1),
    ],
)
def test_the_filters_of_the_page(client, params, expected):
    LibraryItemFactory(title="Les chiffres", document_date=dt.date(2024, 5, 1), topics=[Topic.STUDIES])
    LibraryItemFactory(title="Autre", document_date=dt.date(2023, 5, 1), topics=[Topic.AGREEMENT])
    response = client.get("/api/v1/resources", params)
    assert response.status_code == 200
    assert response.json()["count"] == expected


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"topic": "cuisine"}, "Ce thème n'existe pas"),
        ({"year": "vingt"}, "Aucune ressource publiée n'est de cette année"),
        ({"page": "zéro"}, "« page » doit être un nombre entier."),
        ({"page_size": "500"}, "« page_size » doit être compris entre 1 et 200."),
        ({"q": "x" * 101}, "Recherche trop longue"),
    ],
)
def test_a_bad_parameter_is_a_400_in_french(client, params, message):
    response = client.get("/api/v1/resources", params)
    assert response.status_code == 400
    body = response.json()
    assert body["message"] == "La recherche contient des paramètres invalides."
    assert any(message in error for error in body["errors"]), body


def test_pages_link_to_each_other_and_beyond_the_last_is_a_404(client):
    LibraryItemFactory.create_batch(3, kind=Kind.STUDY)
    body = client.get("/api/v1/resources", {"kind": "study", "page_size": "2"}).json()
    assert len(body["results"]) == 2
    assert body["next"] == "http://testserver/api/v1/resources?kind=study&page=2&page_size=2"
    assert len(client.get(body["next"]).json()["results"]) == 1
    response = client.get("/api/v1/resources", {"page": "3", "page_size": "2"})
    assert response.status_code == 404
    assert "la dernière est la page 2" in response.json()["message"]


def test_unpublished_resources_never_show(client):
    for status in (Status.PROPOSED, Status.REJECTED, Status.WITHDRAWN):
        LibraryItemFactory(status=status, published_at=None)
    assert client.get("/api/v1/resources").json()["count"] == 0


def _queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/resources").status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_for_two_resources_or_forty(client):
    LibraryItemFactory.create_batch(2)
    few = _queries(client)
    LibraryItemFactory.create_batch(38, topics=list(Topic.values), audiences=list(Audience.values))
    assert _queries(client) == few
