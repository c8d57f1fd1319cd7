"""The membership form goes in steps: each step is kept on the server as typed (valid or not), steps go back and
forth, the last one sends the whole application and forgets the draft."""

import pytest
from django.urls import reverse

from solozere.community.models import Membership, MembershipDraft
from solozere.community.services import community_personal_data
from tests.accounts.factories import UserFactory
from tests.community.factories import MembershipFactory
from tests.community.test_membership import membership_post, post_steps

pytestmark = pytest.mark.django_db


def step_url(slug):
    return reverse("community:apply_step", args=[slug])


@pytest.fixture
def applicant(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_each_step_is_kept_and_the_next_step_opens(client, applicant, territory):
    response = client.post(step_url("identite"), {"first_name": "Lucie", "last_name": "Vidal", "commune": "Javols"})
    assert response["Location"] == step_url("situation")
    draft = MembershipDraft.objects.get(user=applicant)
    assert draft.data["commune"] == "Javols" and draft.done_steps == ["identite"]
    assert not Membership.objects.exists()
    # Another visit (another device: no session involved) finds it again.
    assert client.get(reverse("community:apply"))["Location"] == step_url("situation")
    page = client.get(step_url("identite")).content.decode()
    assert 'value="Javols"' in page
    assert "Étape 1 sur 5 : Identité et résidence" in page


def test_going_back_keeps_what_was_typed_even_when_it_is_not_valid_yet(client, applicant, territory):
    post_steps(client, {"first_name": "Lucie", "last_name": "Vidal", "commune": "Javols"})
    response = client.post(step_url("situation"), {"occupation": "Comptable", "status": "employee", "go": "back"})
    assert response["Location"] == step_url("identite")
    draft = MembershipDraft.objects.get(user=applicant)
    assert draft.data["occupation"] == "Comptable"
    assert draft.done_steps == ["identite"]
    page = client.get(step_url("situation")).content.decode()
    assert 'value="Comptable"' in page
    assert "Ce champ est obligatoire." not in page  # going back is not a mistake


def test_a_refused_step_keeps_what_was_typed_and_says_why_at_the_top(client, applicant, territory):
    post_steps(client, {"first_name": "Lucie", "last_name": "Vidal", "commune": "Javols"})
    response = client.post(step_url("situation"), {"occupation": "Comptable", "status": "employee"})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index('class="error-summary"') < page.index('id="form-main"')
    assert "Indiquez où est votre employeur." in page
    assert 'value="Comptable"' in page
    assert MembershipDraft.objects.get(user=applicant).data["occupation"] == "Comptable"


def test_a_later_step_cannot_be_opened_before_the_ones_before_it(client, applicant):
    assert client.get(step_url("accords"))["Location"] == step_url("identite")
    assert client.post(step_url("accords"), membership_post())["Location"] == step_url("identite")
    assert not Membership.objects.exists()


def test_an_unchecked_box_is_forgotten_when_its_step_is_saved_again(client, applicant, territory):
    post_steps(client, membership_post(consent_membership=None))
    assert "consent_directory" in MembershipDraft.objects.get(user=applicant).data
    client.post(step_url("accords"), {"go": "back"})
    assert "consent_directory" not in MembershipDraft.objects.get(user=applicant).data


def test_the_last_step_sends_the_application_and_forgets_the_draft(client, applicant, territory):
    response = post_steps(client, membership_post())
    assert response["Location"] == reverse("community:my_membership")
    assert Membership.objects.get(user=applicant).occupation == "Comptable"
    assert not MembershipDraft.objects.exists()


def test_a_step_no_longer_valid_at_sending_is_opened_again_with_its_error(client, applicant, territory):
    post_steps(client, membership_post(consent_membership=None))
    draft = MembershipDraft.objects.get(user=applicant)
    draft.data["commune"] = "Atlantide"  # changed elsewhere since that step was checked
    draft.save()
    response = client.post(step_url("accords"), {"consent_membership": "on"})
    assert response["Location"] == step_url("identite") + "?verifier=1"
    page = client.get(response["Location"]).content.decode()
    assert "Aucune commune de Lozère ne correspond à « Atlantide »." in page
    assert 'value="Atlantide"' in page
    assert not Membership.objects.exists()


def test_a_member_changes_one_step_and_the_profile_changes_only_when_saved_at_the_end(client, territory):
    membership = MembershipFactory(approved=True, listed=True)
    client.force_login(membership.user)
    page = client.get(step_url("accords")).content.decode()
    assert "Enregistrer mon profil" in page
    response = client.post(step_url("situation"), {**membership_post(occupation="Architecte"), "go": "next"})
    assert response["Location"] == step_url("profil")
    membership.refresh_from_db()
    assert membership.occupation == "Développeuse web"
    response = client.post(step_url("accords"), {"consent_membership": "on", "consent_directory": "on"})
    assert response["Location"] == reverse("community:my_membership")
    membership.refresh_from_db()
    assert membership.occupation == "Architecte"
    assert membership.state == "approved"


def test_the_draft_is_part_of_the_personal_data_and_goes_with_the_account(client, applicant, territory):
    client.post(step_url("identite"), {"first_name": "Lucie", "last_name": "Vidal", "commune": "Javols"})
    assert community_personal_data(applicant)["membership_draft"]["data"]["first_name"] == "Lucie"
    applicant.delete()
    assert not MembershipDraft.objects.exists()


def test_a_huge_value_is_kept_bounded_and_refused_by_its_field(client, applicant):
    response = client.post(step_url("identite"), {"first_name": "A" * 100_000, "commune": "Javols"})
    assert response.status_code == 200
    assert len(MembershipDraft.objects.get(user=applicant).data["first_name"]) == 5000
    assert "comporte au plus 80 caractères" in response.content.decode()
