"""Every page of the resource centre, for every role: visitor, plain user, member (who proposed the resource),
place manager, partner agent, staff. An unpublished resource does not exist (404) for anyone but its proposer and
the staff; the staff screens are the staff's only."""

import pytest

from tests.resources.factories import pdf_upload, propose, published
from tests.roles import expect

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "plain", "member", "manager", "partner", "staff"]


@pytest.fixture
def people(plain_user, member, place_manager, partner_agent, staff_user):
    return {
        "visitor": None,
        "plain": plain_user,
        "member": member,
        "manager": place_manager,
        "partner": partner_agent,
        "staff": staff_user,
    }


@pytest.fixture
def items(member, staff_user):
    """A published document and a proposal still waiting, both proposed by the member."""
    return {
        "published": published(member, staff_user, url="", upload=pdf_upload(), title="Guide publié"),
        "proposed": propose(member, url="", upload=pdf_upload(), title="Guide à relire"),
    }


def _client(client, people, role):
    if people[role] is not None:
        client.force_login(people[role])
    return client


def _url(template, items):
    return template.format(
        pub=items["published"].pk, prop=items["proposed"].pk, slug=items["published"].slug, pslug=items["proposed"].slug
    )


EVERYONE_200 = dict.fromkeys(ROLES, 200)
PROPOSER_AND_STAFF = {"visitor": 404, "plain": 404, "member": 200, "manager": 404, "partner": 404, "staff": 200}
SIGNED_IN = {**dict.fromkeys(ROLES, 200), "visitor": "login"}
STAFF_ONLY = {**dict.fromkeys(ROLES, 403), "visitor": "login", "staff": 200}

PAGES = {
    "list": ("/ressources/", EVERYONE_200),
    "published page": ("/ressources/{pub}-{slug}/", EVERYONE_200),
    "published file": ("/ressources/{pub}/fichier/", EVERYONE_200),
    "proposal page": ("/ressources/{prop}-{pslug}/", PROPOSER_AND_STAFF),
    "proposal file": ("/ressources/{prop}/fichier/", PROPOSER_AND_STAFF),
    "propose": ("/ressources/proposer/", {**SIGNED_IN, "plain": 403}),
    "mine": ("/ressources/mes-propositions/", SIGNED_IN),
    "staff queue": ("/equipe/ressources/", STAFF_ONLY),
    "staff queue, published": ("/equipe/ressources/?etat=published", STAFF_ONLY),
    "staff review": ("/equipe/ressources/{prop}/", STAFF_ONLY),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_for_every_role(client, people, items, role, page):
    template, expected = PAGES[page]
    response = _client(client, people, role).get(_url(template, items))
    expect(response, expected[role])


STAFF_ACTIONS = [
    ("/equipe/ressources/{prop}/publier/", {}),
    ("/equipe/ressources/{prop}/refuser/", {"refuser-reason": "Hors sujet."}),
    ("/equipe/ressources/{pub}/retirer/", {"retirer-reason": "Périmé."}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("template", "data"), STAFF_ACTIONS)
def test_the_decisions_are_the_staffs(client, people, items, role, template, data):
    response = _client(client, people, role).post(_url(template, items), data)
    expect(response, {**STAFF_ONLY, "staff": 302}[role])
    items["proposed"].refresh_from_db()
    items["published"].refresh_from_db()
    changed = (items["proposed"].status, items["published"].status) != ("proposed", "published")
    assert changed == (role == "staff")


@pytest.mark.parametrize("role", ROLES)
def test_only_the_proposer_takes_back_a_proposal(client, people, items, role):
    response = _client(client, people, role).post(_url("/ressources/{prop}/retirer/", items))
    expected = {**dict.fromkeys(ROLES, 404), "visitor": "login", "member": 302}
    expect(response, expected[role])
    items["proposed"].refresh_from_db()
    assert (items["proposed"].status == "withdrawn") == (role == "member")


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("member", "/ressources/{prop}/retirer/"),
        ("staff", "/equipe/ressources/{prop}/publier/"),
        ("staff", "/equipe/ressources/{prop}/refuser/"),
        ("staff", "/equipe/ressources/{pub}/retirer/"),
    ],
)
def test_actions_refuse_get(client, people, items, who, url):
    assert _client(client, people, who).get(_url(url, items)).status_code == 405


def test_a_rejected_or_withdrawn_resource_stays_hidden_from_the_public(client, member, staff_user, items):
    from solozere.resources.services import item_reject, item_unpublish

    item_reject(actor=staff_user, item=items["proposed"], reason="Non.")
    item_unpublish(actor=staff_user, item=items["published"], reason="Périmé.")
    for item in items.values():
        assert client.get(item.get_absolute_url()).status_code == 404
        assert client.get(f"/ressources/{item.pk}/fichier/").status_code == 404
    # Its proposer still sees it, with the reason.
    client.force_login(member)
    response = client.get(items["proposed"].get_absolute_url())
    assert response.status_code == 200
    assert "Non." in response.content.decode()
