"""The English translation: the public pages switch to English with the language switch, and the
translation file is complete (no empty or fuzzy entry) and compiled (the committed .mo matches the .po)."""

import gettext
import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.places.factories import PlaceFactory

PO_PATH = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")


@pytest.fixture
def english(client):  # type: ignore[no-untyped-def]
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client


def page_text(client, url: str) -> str:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    content = response.content.decode()
    assert '<html lang="en">' in content
    return html.unescape(content)


def assert_english(text: str, *, present: list[str], absent: list[str]) -> None:
    for english_text in present:
        assert english_text in text, english_text
    for french_text in absent:
        assert french_text not in text, french_text


@pytest.mark.django_db
def test_places_page_is_in_english_after_the_switch(english, territory):
    PlaceFactory(name="Espace Mende")
    text = page_text(english, reverse("places:list"))
    assert_english(
        text,
        present=["Places to telework in Lozère", "Filter the places", "Show the places", "Espace Mende"],
        absent=["Lieux pour télétravailler en Lozère", "Filtrer les lieux", "Afficher les lieux"],
    )


@pytest.mark.django_db
def test_place_page_is_in_english_after_the_switch(english, territory):
    place = PlaceFactory(complete=True, name="Télécentre de test")
    text = page_text(english, place.get_absolute_url())
    assert_english(
        text,
        present=[
            "Telecentre",
            "Status in the network",
            "Internet connection",
            "Download speed",
            "Back to the list of places",
        ],
        absent=[
            "Statut dans le réseau",
            "Connexion internet",
            "Débit descendant",
            "Retour à la liste des lieux",
        ],
    )


# --- The translation file itself -------------------------------------------------------------


def _unquote(line: str) -> str:
    body = line.strip()[1:-1]
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda match: escapes[match.group(1)], body)


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgid, msgid_plural, msgstr (dict index -> text), flags, obsolete."""
    entries: list[dict] = []
    entry: dict | None = None
    field: tuple[str, int | None] | None = None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry is not None and "msgid" in entry:
                entries.append(entry)
            entry, field = None, None
            continue
        entry = entry if entry is not None else {"flags": set(), "msgstr": {}, "obsolete": False}
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif match := re.match(r"^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")$", line):
            keyword, index, value = match.groups()
            if keyword == "msgstr":
                field = ("msgstr", int(index or 0))
                entry["msgstr"][field[1]] = _unquote(value)
            else:
                field = (keyword, None)
                entry[keyword] = _unquote(value)
        elif line.startswith('"') and field is not None:
            if field[0] == "msgstr":
                entry["msgstr"][field[1]] += _unquote(line)
            else:
                entry[field[0]] += _unquote(line)
        else:
            raise AssertionError(f"Unreadable line in {path.name}: {line!r}")
    return [entry for entry in entries if not entry["obsolete"] and entry["msgid"]]


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd%]|\{\w*\}")


def test_the_english_po_file_has_no_empty_or_fuzzy_entry():
    entries = parse_po(PO_PATH)
    assert len(entries) > 1000
    fuzzy = [entry["msgid"] for entry in entries if "fuzzy" in entry["flags"]]
    empty = [entry["msgid"] for entry in entries if not all(entry["msgstr"].values())]
    unpluralised = [entry["msgid"] for entry in entries if "msgid_plural" in entry and len(entry["msgstr"]) != 2]
    assert fuzzy == []
    assert empty == []
    assert unpluralised == []


def test_every_translation_keeps_the_placeholders_of_its_original():
    for entry in parse_po(PO_PATH):
        if "msgid_plural" in entry:
            # English may drop the count in the singular ("a filter"), never invent one.
            known = set(PLACEHOLDER.findall(entry["msgid"] + entry["msgid_plural"]))
            for text in entry["msgstr"].values():
                assert set(PLACEHOLDER.findall(text)) <= known, entry["msgid"]
        else:
            assert sorted(PLACEHOLDER.findall(entry["msgstr"][0])) == sorted(PLACEHOLDER.findall(entry["msgid"])), (
                entry["msgid"]
            )


def test_the_committed_mo_file_is_compiled_from_the_po_file():
    """A machine without gettext serves the committed .mo: it must say what the .po says."""
    with MO_PATH.open("rb") as mo_file:
        catalogue = gettext.GNUTranslations(mo_file)
    for entry in parse_po(PO_PATH):
        context = entry.get("msgctxt")
        if "msgid_plural" in entry:
            for count, index in ((1, 0), (2, 1)):
                if context is None:
                    text = catalogue.ngettext(entry["msgid"], entry["msgid_plural"], count)
                else:
                    text = catalogue.npgettext(context, entry["msgid"], entry["msgid_plural"], count)
                assert text == entry["msgstr"][index], entry["msgid"]
        elif context is None:
            assert catalogue.gettext(entry["msgid"]) == entry["msgstr"][0], entry["msgid"]
        else:
            assert catalogue.pgettext(context, entry["msgid"]) == entry["msgstr"][0], entry["msgid"]
