"""import_places, load_demo and delete_demo against the real communes of Lozère."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.forms.models import model_to_dict

from solozere.core.models import AuditLogEntry
from solozere.places.models import NetworkStatus, Place, PlaceKind, PlaceStatusChange, Wifi
from solozere.places.search import search_places
from solozere.places.services import place_update

REAL_COUNT = 13
SAINT_CHELY_SLUG = "telecentre-de-saint-chely-dapcher-centre-multimedia"


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def place_log_count() -> int:
    return AuditLogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Place)).count()


def snapshot(queryset) -> list[dict]:
    return [{**model_to_dict(place), "updated_at": place.updated_at} for place in queryset.order_by("pk")]


# --- import_places -----------------------------------------------------------------------------------------------


def test_import_places_creates_the_thirteen_real_places_with_their_honest_status(territory):
    output = run("import_places")

    assert Place.objects.filter(is_demo=False).count() == REAL_COUNT
    assert "13 créé(s)" in output
    assert not Place.objects.filter(status=NetworkStatus.MEMBER).exists()
    assert not Place.objects.filter(kind=PlaceKind.COMPTOIR).exists()
    saint_chely = Place.objects.get(slug=SAINT_CHELY_SLUG)
    assert (saint_chely.kind, saint_chely.status) == (PlaceKind.TELECENTRE, NetworkStatus.PLANNED)
    history = saint_chely.status_history.get()
    assert history.date is None
    assert history.date_text == "ouverture prévue T1 2013 (lauréat de l'appel à projets 2012)"
    assert history.actor is None
    france_services = Place.objects.get(slug="france-services-saint-alban-sur-limagnole")
    assert (france_services.kind, france_services.status) == (PlaceKind.TIERS_LIEU, NetworkStatus.OPEN)
    assert france_services.status_history.get().date == dt.date(2021, 11, 2)
    assert france_services.address == "ancien bureau de poste, Saint-Alban-sur-Limagnole"


def test_real_places_sit_at_their_town_hall_marked_approximate_with_every_service_unknown(territory):
    run("import_places")

    for place in Place.objects.select_related("commune"):
        assert place.location_is_approximate
        assert (place.latitude, place.longitude) == (place.commune.latitude, place.commune.longitude)
        assert place.wifi == Wifi.UNKNOWN and place.access == ""
        assert place.opening_hours == "" and place.prices == "" and place.desks is None
        assert place.meeting_room is None and place.download_mbps is None
    assert Place.objects.get(slug="la-pompe").commune.name == "Florac Trois Rivières"


def test_import_places_writes_one_system_audit_entry_per_place(territory):
    run("import_places")

    entries = AuditLogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Place))
    assert entries.count() == REAL_COUNT
    assert set(entries.values_list("action", flat=True)) == {AuditLogEntry.Action.CREATE}
    assert not entries.filter(actor__isnull=False).exists()


def test_import_places_twice_creates_nothing_and_logs_nothing(territory):
    run("import_places")
    before = snapshot(Place.objects.all())
    logs, history = place_log_count(), PlaceStatusChange.objects.count()

    output = run("import_places")

    assert snapshot(Place.objects.all()) == before
    assert (place_log_count(), PlaceStatusChange.objects.count()) == (logs, history)
    assert output.count("déjà présent : ") == REAL_COUNT
    assert "0 créé(s)" in output


def test_import_places_keeps_staff_edits(territory):
    run("import_places")
    place = Place.objects.get(slug=SAINT_CHELY_SLUG)
    place_update(actor=None, place=place, data={"address": "1 rue du Centre", "wifi": Wifi.FREE})
    logs = place_log_count()

    run("import_places")

    place.refresh_from_db()
    assert (place.address, place.wifi) == ("1 rue du Centre", Wifi.FREE)
    assert place_log_count() == logs


def test_import_places_update_rewrites_the_file_fields_but_not_the_services(territory):
    run("import_places")
    place = Place.objects.get(slug=SAINT_CHELY_SLUG)
    place_update(actor=None, place=place, data={"address": "1 rue du Centre", "wifi": Wifi.FREE, "operator": "X"})
    logs = place_log_count()

    output = run("import_places", "--update")

    place.refresh_from_db()
    assert (place.address, place.operator) == ("", "Commune de Saint-Chély-d'Apcher")
    assert place.wifi == Wifi.FREE
    assert place_log_count() == logs + 1
    assert "mis à jour : Télécentre de Saint-Chély-d'Apcher" in output

    again = run("import_places", "--update")
    assert place_log_count() == logs + 1
    assert "0 mis à jour" in again


def test_import_places_update_restores_the_status_with_a_history_row(territory):
    run("import_places")
    place = Place.objects.get(slug=SAINT_CHELY_SLUG)
    place_update(actor=None, place=place, data={"status": NetworkStatus.OPEN})

    run("import_places", "--update")

    place.refresh_from_db()
    assert place.status == NetworkStatus.PLANNED
    latest = place.status_history.first()
    assert latest.status == NetworkStatus.PLANNED
    assert "ouverture prévue T1 2013" in latest.note


def test_import_places_refuses_to_run_before_the_territory(db):
    with pytest.raises(CommandError, match="import_territory"):
        run("import_places")
    assert not Place.objects.exists()


def test_import_places_reports_a_missing_file_in_french(territory, tmp_path):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        run("import_places", "--file", str(tmp_path / "absent.csv"))


def test_import_places_refuses_a_code_that_does_not_match_the_commune_and_creates_nothing(territory, tmp_path):
    path = tmp_path / "lieux.csv"
    path.write_text(
        "nom,code_insee,commune,type,porteur,statut_date,adresse\n"
        "Lieu A,48095,Mende,tiers-lieu,,créé 2020,non trouvée\n"
        "Lieu B,48095,Marvejols,tiers-lieu,,créé 2020,non trouvée\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="48095 est celui de Mende, pas de « Marvejols »"):
        run("import_places", "--file", str(path))
    assert not Place.objects.exists()


def test_import_places_refuses_an_unknown_status_naming_the_line(territory, tmp_path):
    path = tmp_path / "lieux.csv"
    path.write_text(
        "nom,code_insee,commune,type,porteur,statut_date,adresse\nLieu A,48095,Mende,tiers-lieu,,fermé,non trouvée\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="ligne 2 : Lieu A : Statut non reconnu"):
        run("import_places", "--file", str(path))


# --- load_demo / delete_demo ---------------------------------------------------------------------------------------


def test_load_demo_creates_fictional_places_flagged_demo(territory):
    output = run("load_demo")

    demo = Place.objects.filter(is_demo=True)
    assert demo.count() == Place.objects.count() >= 15
    assert "créé(s)" in output
    for place in demo.select_related("commune"):
        assert place.name.endswith("(démo)")
        assert place.description.startswith("Lieu fictif de démonstration.")
        assert place.status == NetworkStatus.OPEN  # a demo label comes from the charter, not from the file
        assert not place.location_is_approximate
        assert abs(place.latitude - place.commune.latitude) < 0.02
        assert abs(place.longitude - place.commune.longitude) < 0.03
        assert place.status_history.count() == 1


def test_load_demo_twice_creates_nothing_and_logs_nothing(territory):
    run("load_demo")
    before = snapshot(Place.objects.all())
    logs = place_log_count()

    output = run("load_demo")

    assert snapshot(Place.objects.all()) == before
    assert place_log_count() == logs
    assert "0 créé(s)" in output


def test_a_twenty_km_search_around_saint_chely_finds_some_demo_places_but_not_all(territory):
    run("load_demo")

    result = search_places({"commune": "Saint-Chély-d'Apcher", "radius": "20", "demo": "seulement"}, paginate=False)

    assert not result.errors
    assert 5 <= result.total < Place.objects.filter(is_demo=True).count()
    assert {place.commune.name for place in result.places} >= {"Saint-Chély-d'Apcher", "Le Malzieu-Ville"}


def test_load_demo_and_delete_demo_never_touch_real_places(territory):
    run("import_places")
    real = Place.objects.filter(is_demo=False)
    before = snapshot(real)
    real_history = PlaceStatusChange.objects.filter(place__is_demo=False).count()

    run("load_demo")
    output = run("delete_demo")

    assert snapshot(real) == before
    assert PlaceStatusChange.objects.filter(place__is_demo=False).count() == real_history
    assert not Place.objects.filter(is_demo=True).exists()
    assert Place.objects.count() == REAL_COUNT
    assert f"{REAL_COUNT} lieu(x) réel(s) conservé(s)" in output


def test_delete_demo_prints_how_many_it_removed_and_logs_each(territory):
    created = len([line for line in run("load_demo").splitlines() if line.startswith("  créé : ")])

    output = run("delete_demo")

    assert f"{created} lieu(x) de démonstration supprimé(s)" in output
    assert AuditLogEntry.objects.filter(action=AuditLogEntry.Action.DELETE).count() == created
    assert "0 lieu(x) de démonstration supprimé(s)" in run("delete_demo")


def test_delete_then_load_demo_brings_the_set_back(territory):
    run("load_demo")
    count = Place.objects.count()
    run("delete_demo")
    run("load_demo")
    assert Place.objects.filter(is_demo=True).count() == count


def test_load_demo_skips_a_real_place_that_already_holds_a_demo_slug(territory):
    run("import_places")
    real = Place.objects.get(slug="la-pompe")
    place_update(actor=None, place=real, data={"slug": "cafe-de-la-place-demo"})
    before = snapshot(Place.objects.filter(pk=real.pk))

    output = run("load_demo")

    assert "ignoré : Café de la Place (démo)" in output
    assert snapshot(Place.objects.filter(pk=real.pk)) == before
    run("delete_demo")
    assert Place.objects.filter(pk=real.pk).exists()


def test_import_places_skips_a_slug_held_by_a_demo_place(territory, tmp_path):
    run("load_demo")
    path = tmp_path / "lieux.csv"
    path.write_text(
        "nom,code_insee,commune,type,porteur,statut_date,adresse\n"
        "Café de la Place (démo),48140,Saint-Chély-d'Apcher,tiers-lieu,,créé 2020,non trouvée\n",
        encoding="utf-8",
    )
    output = run("import_places", "--file", str(path), "--update")
    assert "ignoré : Café de la Place (démo)" in output
    assert Place.objects.get(slug="cafe-de-la-place-demo").is_demo


def test_load_demo_refuses_to_run_before_the_territory(db):
    with pytest.raises(CommandError, match="import_territory"):
        run("load_demo")


def test_delete_demo_removes_the_photo_files_of_demo_places_once_committed(
    territory, django_capture_on_commit_callbacks
):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from solozere.places.models import PlacePhoto

    run("load_demo")
    buffer = BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="PNG")
    photo = PlacePhoto.objects.create(
        place=Place.objects.filter(is_demo=True).first(),
        image=SimpleUploadedFile("salle.png", buffer.getvalue(), content_type="image/png"),
        alt_text="Une salle",
    )
    storage, name = photo.image.storage, photo.image.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        run("delete_demo")

    assert not storage.exists(name)
    assert not PlacePhoto.objects.exists()
