"""/styleguide/: every component of the design system, shown in development or to the staff, a 404 for anyone else."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.html_checker import nu_errors

pytestmark = pytest.mark.django_db

URL = "/styleguide/"


def test_the_styleguide_keeps_its_address() -> None:
    assert reverse("pages:styleguide") == URL


@pytest.mark.parametrize(
    "persona", ["plain_user", "member", "place_manager", "company_representative", "inactive_staff"]
)
def test_only_the_staff_see_the_styleguide_in_production(client: Client, request, persona: str) -> None:  # type: ignore[no-untyped-def]
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 404


def test_a_visitor_gets_a_404_in_production(visitor: Client) -> None:
    assert visitor.get(URL).status_code == 404


@pytest.mark.parametrize("persona", ["staff_user", "superuser"])
def test_the_staff_see_the_styleguide(client: Client, request, persona: str) -> None:  # type: ignore[no-untyped-def]
    client.force_login(request.getfixturevalue(persona))
    response = client.get(URL)
    assert response.status_code == 200
    assert response.templates[0].name == "pages/styleguide.html"


def test_in_development_anyone_sees_the_styleguide(visitor: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    assert visitor.get(URL).status_code == 200


def test_the_styleguide_only_answers_reads(client: Client, staff_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff_user)
    assert client.post(URL).status_code == 405


@pytest.fixture
def styleguide(client: Client, staff_user) -> str:  # type: ignore[no-untyped-def]
    client.force_login(staff_user)
    return client.get(URL).content.decode()


def test_it_shows_every_button_style_and_a_confirmed_destructive_form(styleguide: str) -> None:
    assert 'class="button"' in styleguide
    assert 'class="button button-secondary"' in styleguide
    assert 'class="button button-danger"' in styleguide
    assert re.search(r'<form[^>]*data-confirm="[^"]+\?[^"]*"', styleguide)


def test_it_shows_cards_badges_and_every_alert_level(styleguide: str) -> None:
    assert '<ul class="card-list">' in styleguide
    assert 'class="card"' in styleguide
    for level in ["success", "danger", "warning", "info", "neutral", "demo"]:
        assert f'class="badge badge-{level}"' in styleguide, level
    for level, role in [("info", "status"), ("success", "status"), ("warning", "status"), ("error", "alert")]:
        assert f'<div class="alert alert-{level}" role="{role}">' in styleguide, level


def test_it_shows_the_breadcrumb_with_the_current_page_unlinked(styleguide: str) -> None:
    text = html.unescape(styleguide)
    assert '<nav class="breadcrumb" aria-label="Fil d\'Ariane">' in text
    assert '<span aria-current="page">Guide des composants</span>' in text


def test_it_shows_the_steps_with_the_current_one_said_in_words(styleguide: str) -> None:
    text = html.unescape(styleguide)
    assert '<nav class="steps" aria-label="Étapes">' in text
    assert "Étape 3 sur 5 : Dépenses prévues" in text
    assert text.count('aria-current="step"') == 1


def test_it_shows_a_form_in_error_whose_summary_links_to_its_fields(styleguide: str) -> None:
    text = html.unescape(styleguide)
    assert 'class="error-summary"' in text
    # Every link of the summary leads to an element of the page (the field's input, or the form).
    anchors = re.findall(r'<div class="error-summary".*?</div>', text, re.S)[0]
    targets = re.findall(r'href="#([^"]+)"', anchors)
    assert len(targets) == 5
    for target in targets:
        assert f'id="{target}"' in text, target
    assert 'value="pas-une-adresse"' in text  # what was typed is kept
    # A label that already says "(facultatif)" gets no second marker.
    assert "(facultatif) (facultatif)" not in re.sub(r"<[^>]+>", "", text).replace("  ", " ")
    assert "Commentaire (facultatif)</label>" in text


def test_it_shows_both_table_styles(styleguide: str) -> None:
    assert re.search(r'<div class="table-scroll" tabindex="0" role="region" aria-label="[^"]+">', styleguide)
    assert '<table class="table-responsive">' in styleguide
    cells = re.findall(r"<td[^>]*>", styleguide.split('<table class="table-responsive">')[1].split("</table>")[0])
    assert cells and all("data-label=" in cell for cell in cells)


def test_it_shows_the_logo_and_the_tokens(styleguide: str) -> None:
    assert "img/logo.svg" in styleguide
    for token in ["--color-brand", "--color-danger", "--color-focus", "--font-size-2xl", "--space-6", "--radius-lg"]:
        assert token in styleguide, token


def test_the_styleguide_is_valid_html(styleguide: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "styleguide.html"
    path.write_text(styleguide)
    errors = nu_errors([("/styleguide/", path)])
    assert errors == [], "\n".join(errors)


def test_it_shows_a_protected_count_table_beside_its_chart(styleguide: str) -> None:
    text = html.unescape(styleguide)
    table = re.search(r'<table id="exemple-chiffres">(.*?)</table>', styleguide, re.S).group(1)  # type: ignore[union-attr]
    assert re.findall(r'<td class="num">([^<]*)</td>', table) == ["12", "&lt; 5", "masqué", "15", "36"]
    assert 'role="img" aria-labelledby="exemple-graphique"' in styleguide
    assert "<title>02/2026 : &lt; 5</title>" in styleguide
    assert "Pour que personne ne puisse être reconnu" in text
