from django.core.management import call_command

from solozere.events.models import Event
from solozere.events.workflow import EventStatus


def test_the_2011_rencontres_are_an_honest_past_event(client, db):
    call_command("load_organisations")
    call_command("load_reference_events")
    call_command("load_reference_events")
    event = Event.objects.get()
    assert event.status == EventStatus.HELD
    assert event.date_known_to_month_only
    assert sorted(event.organisations.values_list("slug", flat=True)) == ["lozere-developpement", "mdecs"]
    site = event.sites.get()
    assert site.commune is not None and site.commune.name == "Aumont-Aubrac"
    body = client.get(event.get_absolute_url()).content.decode()
    assert "octobre 2011" in body
    assert "(jour non connu)" in body
    assert "Plus d&#x27;une centaine de participants." in body
    assert "ne sont pas disponibles ici" in body
    assert "S&#x27;inscrire" not in body
    past = client.get("/agenda/passes/").content.decode()
    assert "Rencontres du télétravail en Lozère" in past
    assert b"Rencontres du t" not in client.get("/agenda/agenda.ics").content  # no day: not in the feed
