"""The home page and the static pages switch to English with the language switch."""

import html

import pytest
from django.urls import reverse

from tests.core.test_translation import assert_english, page_text


@pytest.fixture
def english(client):  # type: ignore[no-untyped-def]
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client


@pytest.mark.django_db
def test_home_page_is_in_english_after_the_switch(english):
    text = page_text(english, reverse("pages:home"))
    assert_english(
        text,
        present=[
            "Teleworking in Lozère",
            "Find a place near me",
            "Two kinds of places",
            "Telecentres",
            "Skip to content",
            "Legal notice",
            "Accessibility: partially compliant",
        ],
        absent=[
            "Télétravailler en Lozère",
            "Trouver un lieu près de chez moi",
            "Deux types de lieux",
            "Aller au contenu",
            "Mentions légales",
            "Accessibilité : partiellement conforme",
        ],
    )


@pytest.mark.django_db
def test_legal_notice_is_in_english_after_the_switch(english):
    text = page_text(english, reverse("pages:legal"))
    assert_english(
        text,
        present=["Legal notice", "Publisher", "Data and maps", "free software"],
        absent=["Mentions légales", "Éditeur", "Données et cartes", "Le logiciel SoLozère est libre"],
    )


@pytest.mark.django_db
def test_accessibility_page_is_in_english_after_the_switch(english):
    text = page_text(english, reverse("pages:accessibility"))
    assert_english(
        text,
        present=["Accessibility statement", "Compliance status", "partially compliant with the RGAA"],
        absent=["Déclaration d'accessibilité", "État de conformité", "partiellement conforme au RGAA"],
    )


@pytest.mark.django_db
def test_without_the_switch_the_same_page_stays_french(client):
    text = html.unescape(client.get(reverse("pages:legal")).content.decode())
    assert "Mentions légales" in text
    assert "Legal notice" not in text
