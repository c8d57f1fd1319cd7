"""/statistiques/ in Chromium with a small network in it: it fits a phone and a desktop, the footer leads there, the
charts are labelled images beside their tables, and a table's CSV link downloads that table."""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_page_widths import MEASURE
from tests.pages.stats_dataset import build_dataset

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 900)])
def test_the_statistics_fit_the_window_and_each_csv_link_downloads_its_table(  # type: ignore[no-untyped-def]
    page, live_server, territory, transactional_db, screenshots_dir, width, height
) -> None:
    build_dataset()
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("contentinfo").get_by_role("link", name="Statistiques").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistiques du réseau")
    found = page.evaluate(MEASURE)
    page.screenshot(path=str(screenshots_dir / f"statistics-{width}.png"), full_page=True)
    assert found["scrollWidth"] <= found["innerWidth"], found["culprits"]
    for name in (
        "Nombre de demandes déposées chaque mois (détail dans le tableau)",
        "Nombre de membres actifs à la fin de chaque mois (détail dans le tableau)",
    ):
        expect(page.get_by_role("img", name=name)).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger ce tableau (CSV) : Demandes par territoire").click()
    download = download_info.value
    assert download.suggested_filename.startswith("solozere-demandes-par-territoire-")
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["Territoire", "Demandes"]
    assert ["Canton de Saint-Alban-sur-Limagnole (2014)", "10"] in rows
