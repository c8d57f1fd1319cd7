"""The use cases of the resource centre: who may propose, the review, the e-mails, the log, what is refused."""

import pytest
from django.core import mail

from solozere.accounts.personal_data import account_delete, personal_data_export
from solozere.resources import services
from solozere.resources.models import LibraryItem, LibraryItemTransition
from solozere.resources.services import ServiceError
from solozere.resources.workflow import Status
from tests.accounts.factories import UserFactory
from tests.resources.factories import PDF_BYTES, pdf_upload, propose, published

pytestmark = pytest.mark.django_db


def _log(item):
    return list(LibraryItemTransition.objects.filter(item=item).values_list("from_state", "to_state", "actor_id"))


def test_a_member_proposes_a_link_and_the_team_is_told(member, on_commit):
    with on_commit(execute=True):
        item = propose(member, title="Accord type de télétravail", topics=["agreement", "law_health"])

    item.refresh_from_db()
    assert item.status == Status.PROPOSED
    assert item.proposed_by == member
    assert sorted(item.topics.values_list("code", flat=True)) == ["agreement", "law_health"]
    assert _log(item) == [("", Status.PROPOSED, member.pk)]
    assert len(mail.outbox) == 1
    assert "Ressource à relire : Accord type de télétravail" in mail.outbox[0].subject
    assert f"/equipe/ressources/{item.pk}/" in mail.outbox[0].body


def test_a_place_manager_proposes(place_manager):
    assert propose(place_manager).status == Status.PROPOSED


def test_a_partner_agent_proposes(partner_agent):
    assert propose(partner_agent).status == Status.PROPOSED


def test_the_agent_of_an_organisation_that_no_longer_exists_cannot_propose(db):
    from tests.organisations.factories import OrganisationAgentFactory

    agent = OrganisationAgentFactory(organisation__closed=True).user
    with pytest.raises(ServiceError, match="réservé aux membres du réseau"):
        propose(agent)


def test_someone_without_a_role_in_the_network_cannot_propose(plain_user):
    with pytest.raises(ServiceError, match="réservé aux membres du réseau"):
        propose(plain_user)
    assert LibraryItem.objects.count() == 0


def test_an_inactive_staff_member_cannot_propose(inactive_staff):
    with pytest.raises(ServiceError):
        propose(inactive_staff)


def test_publishing_dates_the_resource_logs_it_and_tells_the_proposer(member, staff_user, on_commit):
    item = propose(member)
    with on_commit(execute=True):
        item = services.item_publish(actor=staff_user, item=item)

    assert item.status == Status.PUBLISHED and item.published_at is not None
    assert _log(item)[-1] == (Status.PROPOSED, Status.PUBLISHED, staff_user.pk)
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "est publiée" in mail.outbox[0].subject
    assert item.get_absolute_url() in mail.outbox[0].body


def test_only_the_staff_publish(member):
    item = propose(member)
    with pytest.raises(ServiceError, match="Seule l'équipe du réseau"):
        services.item_publish(actor=member, item=item)


def test_publishing_twice_says_it_is_already_published(member, staff_user):
    item = published(member, staff_user)
    with pytest.raises(ServiceError, match="la ressource est « publiée »"):
        services.item_publish(actor=staff_user, item=item)


def test_a_refusal_needs_its_reason_and_sends_it(member, staff_user, on_commit):
    item = propose(member)
    with pytest.raises(ServiceError, match="Indiquez le motif") as refused:
        services.item_reject(actor=staff_user, item=item, reason="   ")
    assert refused.value.field == "reason"
    item.refresh_from_db()
    assert item.status == Status.PROPOSED

    with on_commit(execute=True):
        services.item_reject(actor=staff_user, item=item, reason="Le document est déjà en ligne ailleurs.")

    item.refresh_from_db()
    assert item.status == Status.REJECTED
    assert item.decision_reason == "Le document est déjà en ligne ailleurs."
    assert _log(item)[-1] == (Status.PROPOSED, Status.REJECTED, staff_user.pk)
    assert "Motif : Le document est déjà en ligne ailleurs." in mail.outbox[-1].body


def test_the_staff_withdraw_a_published_resource_with_a_reason(member, staff_user, on_commit):
    item = published(member, staff_user)
    with on_commit(execute=True):
        services.item_unpublish(actor=staff_user, item=item, reason="Une version plus récente existe.")
    item.refresh_from_db()
    assert item.status == Status.WITHDRAWN
    assert "retirée du centre de ressources" in mail.outbox[-1].subject


def test_the_proposer_takes_back_their_proposal(member):
    item = services.item_withdraw(actor=member, item=propose(member))
    assert item.status == Status.WITHDRAWN
    assert _log(item)[-1] == (Status.PROPOSED, Status.WITHDRAWN, member.pk)


def test_nobody_else_takes_back_a_proposal(member, staff_user):
    item = propose(member)
    for someone in (UserFactory(), staff_user):
        with pytest.raises(ServiceError, match="Seule la personne qui a proposé"):
            services.item_withdraw(actor=someone, item=item)


def test_a_published_resource_is_not_taken_back_by_its_proposer(member, staff_user):
    item = published(member, staff_user)
    with pytest.raises(ServiceError, match="« publiée »"):
        services.item_withdraw(actor=member, item=item)


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JavaScript:alert(document.cookie)", "data:text/html,<script>x</script>", "ftp://x.fr/a"],
)
def test_a_link_that_is_not_a_web_page_is_refused(member, url):
    with pytest.raises(ServiceError, match="adresse web") as refused:
        propose(member, url=url)
    assert refused.value.field == "url"


def test_the_scheme_of_a_link_is_lower_cased_for_the_database_check(member):
    assert propose(member, url="HTTPS://Exemple.fr/Guide").url == "https://Exemple.fr/Guide"


def test_a_resource_is_a_document_or_a_link_not_both_nor_neither(member):
    with pytest.raises(ServiceError, match="pas les deux"):
        propose(member, upload=pdf_upload())
    with pytest.raises(ServiceError, match="Envoyez un document"):
        propose(member, url="")


def test_a_document_is_kept_privately_with_the_type_found_in_it(member):
    item = propose(member, url="", upload=pdf_upload("Guide final.PDF.exe"))
    assert item.file_content_type == "application/pdf"
    assert item.file_size == len(PDF_BYTES)
    assert item.file_name == "Guide final.PDF.exe"
    assert item.file.name.endswith(".pdf") and item.file.name.startswith("resources/")
    with item.file.open("rb") as stored:
        assert stored.read() == PDF_BYTES


def test_html_named_pdf_is_refused_in_french(member):
    upload = pdf_upload("guide.pdf", b"<!doctype html><script>alert(1)</script>")
    with pytest.raises(ServiceError, match="ni un PDF, ni une image") as refused:
        propose(member, url="", upload=upload)
    assert refused.value.field == "file"
    assert LibraryItem.objects.count() == 0


def test_a_pdf_without_its_end_is_refused(member):
    with pytest.raises(ServiceError, match="incomplet ou abîmé"):
        propose(member, url="", upload=pdf_upload("guide.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n"))


def test_a_document_over_the_limit_is_refused_with_the_sizes(member, settings):
    settings.RESOURCES_MAX_UPLOAD_BYTES = 20
    with pytest.raises(ServiceError, match="la limite est de 20"):
        propose(member, url="", upload=pdf_upload())


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("topics", [], "au moins un thème"),
        ("topics", ["cuisine"], "au moins un thème"),
        ("audiences", [], "au moins un public"),
        ("kind", "roman", "type de ressource"),
        ("licence", "wtfpl", "licence"),
        ("title", "\x00\x01", "titre"),
    ],
)
def test_values_outside_the_lists_are_refused_in_french(member, field, value, message):
    with pytest.raises(ServiceError, match=message):
        propose(member, **{field: value})


def test_another_licence_must_be_named(member):
    with pytest.raises(ServiceError, match="Précisez la licence"):
        propose(member, licence="other", licence_other=" ")
    assert propose(member, licence="other", licence_other="Licence Art Libre").licence_label == "Licence Art Libre"


def test_the_export_holds_the_proposals_and_the_decisions_taken(member, staff_user):
    item = published(member, staff_user, title="Mon guide")
    assert personal_data_export(user=member)["resources"]["proposed"][0]["title"] == "Mon guide"
    staff_part = personal_data_export(user=staff_user)["resources"]
    assert staff_part["state_changes_made"] == [
        {"resource": "Mon guide", "to": "publiée", "date": staff_part["state_changes_made"][0]["date"]}
    ]
    assert item.pk


def test_a_deleted_account_leaves_its_resources_without_their_proposer(partner_agent, staff_user):
    item = published(partner_agent, staff_user, title="Guide resté", author="Structure partenaire")
    waiting = propose(partner_agent, title="Proposition en attente")

    account_delete(user=partner_agent)

    item.refresh_from_db()
    waiting.refresh_from_db()
    assert item.proposed_by is None and waiting.proposed_by is None
    assert (item.title, item.author, item.status) == ("Guide resté", "Structure partenaire", Status.PUBLISHED)
    assert waiting.status == Status.PROPOSED
    assert LibraryItemTransition.objects.filter(item=waiting, actor__isnull=True).exists()


def test_a_decision_on_a_proposal_whose_account_is_gone_tells_nobody(partner_agent, staff_user, on_commit):
    item = propose(partner_agent)
    account_delete(user=partner_agent)
    mail.outbox.clear()
    with on_commit(execute=True):
        services.item_publish(actor=staff_user, item=item)
    assert mail.outbox == []
