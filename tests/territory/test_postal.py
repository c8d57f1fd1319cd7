"""Which communes a postal code covers, read from communes.csv itself: no database."""

import pytest
from django.conf import settings

from solozere.territory.postal import CommuneRow, communes_by_postal_code, postal_pairs, read_communes_csv, split_codes


@pytest.fixture(scope="module")
def rows() -> list[CommuneRow]:
    return read_communes_csv(settings.TERRITORY_DATA_DIR / "communes.csv")


def test_codes_are_split_on_semicolons_and_blanks_dropped():
    assert split_codes("48210;48500") == ("48210", "48500")
    assert split_codes(" 48100 ; ;") == ("48100",)
    assert split_codes("") == ()


def test_every_code_of_a_row_counts_not_only_the_first():
    massegros = CommuneRow("48094", "Massegros Causses Gorges", "commune-actuelle", "", ("48210", "48500"))
    index = communes_by_postal_code([massegros])
    assert index == {"48210": {"48094"}, "48500": {"48094"}}


def test_a_code_filed_under_a_commune_deleguee_leads_to_its_current_commune():
    parent = CommuneRow("48099", "Bourgs sur Colagne", "commune-actuelle", "", ("48100",))
    part = CommuneRow("48049", "Chirac", "commune-deleguee", "48099", ("48140",))
    index = communes_by_postal_code([parent, part])
    assert index["48140"] == {"48099"}
    assert index["48100"] == {"48099"}


@pytest.mark.parametrize(
    ("code", "communes"),
    [
        (
            "48100",
            {
                "Antrenas",
                "Bourgs sur Colagne",
                "Gabrias",
                "Grèzes",
                "Lachamp-Ribennes",
                "Le Buisson",
                "Les Salces",
                "Marvejols",
                "Montrodat",
                "Palhers",
                "Prinsuéjols-Malbouzon",
                "Recoules-de-Fumas",
                "Saint-Bonnet-de-Chirac",
                "Saint-Laurent-de-Muret",
                "Saint-Léger-de-Peyre",
            },
        ),
        ("48120", {"Lajo", "Saint-Alban-sur-Limagnole", "Sainte-Eulalie"}),
        ("48210", {"Gorges du Tarn Causses", "La Malène", "Mas-Saint-Chély", "Massegros Causses Gorges"}),
        (
            "48500",
            {
                "Banassac-Canilhac",
                "La Canourgue",
                "La Tieule",
                "Laval-du-Tarn",
                "Massegros Causses Gorges",
                "Saint-Saturnin",
            },
        ),
    ],
)
def test_the_csv_files_these_communes_under_these_codes(rows, code, communes):
    names = {row.insee_code: row.name for row in rows if row.kind == "commune-actuelle"}
    assert {names[insee] for insee in communes_by_postal_code(rows)[code]} == communes


def test_every_pair_of_the_csv_is_indexed(rows):
    index = communes_by_postal_code(rows)
    pairs = set(postal_pairs(rows))
    assert len(pairs) > 152  # some communes have several codes
    for code, current in pairs:
        assert current in index[code]
    # Nothing else: every commune of the index comes from a row carrying that code.
    assert {(code, current) for code, currents in index.items() for current in currents} == pairs
