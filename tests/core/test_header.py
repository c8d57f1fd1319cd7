"""The header of every page: the logo, the icons, core's script with its nonce, every link for the staff, and the
section of the page marked in the navigation (never a public section on a staff screen under /equipe/)."""

import html
import re

import pytest
from django.test import Client

from solozere.core.templatetags.form_tags import says_optional

pytestmark = pytest.mark.django_db

STAFF_LINKS = [
    "Lieux",
    "Communauté",
    "Aide télétravail",
    "Accompagnement",
    "Agenda",
    "Mon compte",
    "Espace équipe",
    "Se déconnecter",
    "English",
]


def _header(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    return text.split('<header class="site-header"', 1)[1].split("</header>", 1)[0]


def _current(header: str) -> set[str]:
    """The labels of the header's links marked as the current page or section."""
    return set(re.findall(r'aria-current="(?:page|true)"[^>]*>([^<]+)<', header))


def test_the_header_gives_the_staff_every_link(client: Client, staff_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff_user)
    header = _header(client.get("/"))
    for label in STAFF_LINKS:
        assert f">{label}<" in header, label
    assert 'src="/static/img/logo.svg"' in header


def test_a_staff_screen_of_the_aids_does_not_mark_the_public_aid_section(client: Client, staff_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff_user)
    assert _current(_header(client.get("/equipe/aides/"))) == {"Espace équipe"}


def test_a_staff_screen_of_the_community_does_not_mark_the_public_community(client: Client, staff_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff_user)
    assert _current(_header(client.get("/equipe/communaute/adhesions/"))) == {"Espace équipe"}


@pytest.mark.parametrize(
    ("path", "label"),
    [
        ("/lieux/", "Lieux"),
        ("/communaute/", "Communauté"),
        ("/aide-teletravail/", "Aide télétravail"),
        ("/agenda/", "Agenda"),
    ],
)
def test_a_public_section_is_marked_in_both_navigations(visitor: Client, territory, path: str, label: str) -> None:  # type: ignore[no-untyped-def]
    header = _header(visitor.get(path))
    # The bar (wide screens) and the "Menu" disclosure (phones) carry the same links.
    assert header.count(f'aria-current="page">{label}<') == 2
    assert _current(header) == {label}


def test_every_page_links_its_icons_and_loads_core_script_with_the_nonce(visitor: Client) -> None:
    content = visitor.get("/").content.decode()
    assert '<link rel="icon" href="/static/img/logo.svg" type="image/svg+xml">' in content
    assert 'href="/static/img/favicon-32.png" sizes="32x32" type="image/png"' in content
    script = re.search(r'<script nonce="([^"]+)" src="/static/js/site.js" defer></script>', content)
    assert script and script.group(1)
    assert not re.search(r"<[a-z][^>]*\son[a-z]+=", content)  # no inline handler (CSP)


@pytest.mark.parametrize(
    ("label", "marked"),
    [
        ("Commentaire (facultatif)", True),
        ("Nom et prénom (facultatifs)", True),
        ("Qu'attendez-vous du réseau ? (Facultatif) ", True),
        ("Commentaire", False),
        ("Facultatif ou pas (à préciser)", False),
    ],
)
def test_a_label_that_already_says_optional_gets_no_second_marker(label: str, marked: bool) -> None:
    assert says_optional(label) is marked
