"""Bad input on every form: French errors, what was typed is kept, markup is escaped, never a 500."""

import pytest
from django.urls import reverse

from solozere.community.models import ContactMessage, Membership
from tests.accounts.factories import UserFactory
from tests.community.factories import ContactMessageFactory, MembershipFactory
from tests.community.test_membership import membership_post, post_steps

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


@pytest.fixture
def applicant(client):
    user = UserFactory()
    client.force_login(user)
    return user


def post_apply(client, **overrides):
    response = post_steps(client, membership_post(**overrides))
    return response, response.content.decode()


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        ("identite", ["Ce champ est obligatoire.", "Indiquez votre commune de résidence"]),
        ("situation", ["Ce champ est obligatoire.", "Cochez au moins un lieu."]),
        ("accords", ["Cochez cette case pour adhérer."]),
    ],
)
def test_an_empty_step_says_what_is_missing_in_french(client, applicant, territory, step, expected):
    if step != "identite":  # the steps before it are done
        post_steps(client, membership_post(**dict.fromkeys(("consent_membership", "consent_directory"))))
    response = client.post(reverse("community:apply_step", args=[step]), {"go": "next"})
    page = response.content.decode()
    assert response.status_code == 200
    for message in expected:
        assert message in page
    assert 'role="alert"' in page
    assert not Membership.objects.exists()


def test_too_long_values_are_refused_and_kept(client, applicant, territory):
    long_name = "A" * 81
    response, page = post_apply(client, first_name=long_name)
    assert response.status_code == 200
    assert "comporte au plus 80 caractères" in page
    assert f'value="{long_name}"' in page
    response, page = post_apply(client, bio="b" * 1001)
    assert response.status_code == 200
    assert "comporte au plus 1000 caractères" in page
    assert "b" * 1001 in page
    assert not Membership.objects.exists()


def test_values_of_the_wrong_kind_are_refused(client, applicant, territory):
    response, page = post_apply(
        client,
        status="astronaute",
        sector="42",
        telework_frequency="toujours",
        telework_places=["lune"],
        employer_location="999",
        visibility_name="everyone",
    )
    assert response.status_code == 200
    assert page.count("Sélectionnez un choix valide") >= 6
    assert not Membership.objects.exists()


def test_markup_in_short_fields_is_refused_and_shown_escaped(client, applicant, territory):
    response, page = post_apply(client, first_name=SCRIPT)
    assert response.status_code == 200
    assert "Les caractères &lt; et &gt; ne sont pas acceptés ici." in page
    assert SCRIPT not in page
    assert ESCAPED in page
    response, page = post_apply(client, occupation="<b>chef</b>")
    assert "Les caractères &lt; et &gt; ne sont pas acceptés ici." in page
    assert "&lt;b&gt;chef&lt;/b&gt;" in page


def test_markup_in_free_text_is_kept_as_text_and_escaped_everywhere(client, applicant, territory, staff_user):
    response, _page = post_apply(client, bio=SCRIPT, expectations=SCRIPT, bio_visibility=None, visibility_bio="public")
    assert response.status_code == 302
    membership = Membership.objects.get()
    assert membership.bio == SCRIPT
    client.force_login(staff_user)
    review = client.get(reverse("community:review", args=[membership.pk])).content.decode()
    assert SCRIPT not in review and ESCAPED in review


def test_bad_tags_are_explained(client, applicant, territory):
    response, page = post_apply(client, skills="Python, <img src=x>, " + "x" * 45)
    assert response.status_code == 200
    assert "de 1 à 40 caractères" in page
    response, page = post_apply(client, interests=", ".join(f"tag{i}" for i in range(16)))
    assert "15 mots-clés au plus." in page


def test_an_employee_must_say_where_the_employer_is(client, applicant, territory):
    _response, page = post_apply(client, status="employee", employer_location="")
    assert "Indiquez où est votre employeur." in page
    _response, page = post_apply(client, employer_location="etranger", employer_country="")
    assert "Indiquez le pays de votre employeur." in page


def test_living_outside_lozere_needs_a_place(client, applicant):
    _response, page = post_apply(client, commune="", lives_outside_lozere="on", outside_place="")
    assert "Indiquez où vous habitez." in page


def test_an_unknown_commune_is_named_in_the_error(client, applicant, territory):
    _response, page = post_apply(client, commune="Atlantide")
    assert "Aucune commune de Lozère ne correspond à « Atlantide »." in page
    assert 'value="Atlantide"' in page


def test_a_forged_commune_choice_is_ignored(client, applicant, territory):
    response, page = post_apply(client, commune="48200", commune_choice="999999")
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in page


def test_the_staff_decision_form_refuses_an_unknown_decision(client, staff_user):
    membership = MembershipFactory()
    client.force_login(staff_user)
    response = client.post(
        reverse("community:decide", args=[membership.pk]), {"action": "annihilate", "reason": SCRIPT}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in page
    assert ESCAPED in page and SCRIPT not in page
    response = client.post(
        reverse("community:decide", args=[membership.pk]), {"action": "refuse", "reason": "r" * 2001}
    )
    assert "comporte au plus 2000 caractères" in response.content.decode()


class TestContactForm:
    @pytest.fixture
    def target(self):
        return MembershipFactory(approved=True, listed=True)

    def test_empty_short_and_long_messages_are_refused(self, client, member, target):
        client.force_login(member)
        url = reverse("community:contact", args=[target.public_id])
        page = client.post(url, {"subject": "", "body": ""}).content.decode()
        # Each error is said twice: by its field, and in the error summary that links to it.
        assert page.count("Ce champ est obligatoire.") == 4
        assert page.count('<a href="#id_subject">') == page.count('<a href="#id_body">') == 1
        page = client.post(url, {"subject": "s" * 151, "body": "court"}).content.decode()
        assert "comporte au plus 150 caractères" in page
        assert "comporte au moins 10 caractères" in page
        page = client.post(url, {"subject": "Objet", "body": "b" * 3001}).content.decode()
        assert "comporte au plus 3000 caractères" in page
        assert "b" * 3001 in page
        assert not ContactMessage.objects.exists()

    def test_a_hostile_message_is_refused_in_the_subject_and_escaped_in_the_body(self, client, member, target):
        client.force_login(member)
        url = reverse("community:contact", args=[target.public_id])
        page = client.post(url, {"subject": SCRIPT, "body": SCRIPT + " et plus"}).content.decode()
        assert "Les caractères &lt; et &gt; ne sont pas acceptés ici." in page
        assert SCRIPT not in page
        client.post(url, {"subject": "Bonjour", "body": SCRIPT + " et plus"})
        message = ContactMessage.objects.get()
        client.force_login(target.user)
        inbox = client.get(reverse("community:inbox")).content.decode()
        assert ESCAPED in inbox and SCRIPT not in inbox
        assert message.body.startswith("<script>")


def test_the_report_form_refuses_an_unknown_reason(client, member):
    target = MembershipFactory(approved=True, listed=True)
    client.force_login(member)
    response = client.post(
        reverse("community:profile_report", args=[target.public_id]), {"reason": "vengeance", "details": SCRIPT}
    )
    page = response.content.decode()
    assert "Sélectionnez un choix valide" in page
    assert ESCAPED in page and SCRIPT not in page
    message = ContactMessageFactory(recipient=member)
    response = client.post(
        reverse("community:message_report", args=[message.pk]), {"reason": "", "details": "d" * 2001}
    )
    page = response.content.decode()
    assert "Ce champ est obligatoire." in page and "comporte au plus 2000 caractères" in page


def test_the_directory_search_refuses_a_too_long_skill(client, member):
    client.force_login(member)
    page = client.get(reverse("community:directory"), {"skill": "s" * 61, "status": "martien"}).content.decode()
    assert "comporte au plus 60 caractères" in page
    assert "Sélectionnez un choix valide" in page


def test_a_malformed_profile_address_is_a_404(client):
    assert client.get("/communaute/membres/pas-un-identifiant/").status_code == 404
