"""Demo resources: fictional, labelled « (démo) » like the demo places, proposed by demo accounts and published by
the demo staff (one left to review); idempotent, refused under production settings, gone with delete_demo, files
included; a real resource is never touched."""

import io
import os
import re

import pytest
from django.core.management import CommandError, call_command

from solozere.resources.demo import DEMO_SUMMARY_PREFIX, DEMO_TITLE_MARK, demo_pdf
from solozere.resources.models import LibraryItem
from solozere.resources.workflow import Status
from tests.resources.factories import published

pytestmark = pytest.mark.usefixtures("territory")


@pytest.fixture
def demo(charter_v1):  # type: ignore[no-untyped-def]
    call_command("load_demo", verbosity=0)
    call_command("label_demo_places", verbosity=0)
    call_command("load_demo_accounts", verbosity=0)


def test_demo_resources_are_labelled_and_proposed_by_demo_accounts(demo) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("load_demo_resources", stdout=out)
    assert "créée(s)" in out.getvalue()
    items = list(LibraryItem.objects.select_related("proposed_by"))
    assert len(items) >= 5
    assert all(item.is_demo and item.title.endswith(DEMO_TITLE_MARK) for item in items)
    assert all(item.summary.startswith(DEMO_SUMMARY_PREFIX) for item in items)
    assert all(item.proposed_by.is_demo for item in items)
    assert {item.status for item in items} == {Status.PUBLISHED, Status.PROPOSED}
    assert sum(item.status == Status.PROPOSED for item in items) == 1
    assert any(item.is_link for item in items) and any(item.file for item in items)
    assert all(item.file_content_type == "application/pdf" for item in items if item.file)


def test_loading_twice_changes_nothing(demo) -> None:  # type: ignore[no-untyped-def]
    call_command("load_demo_resources", verbosity=0)
    before = sorted(LibraryItem.objects.values_list("pk", "title", "status"))
    call_command("load_demo_resources", verbosity=0)
    assert sorted(LibraryItem.objects.values_list("pk", "title", "status")) == before


def test_refused_under_production_settings(demo, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEMO_CONTENT_ALLOWED = False
    with pytest.raises(CommandError, match="refusé avec ces réglages"):
        call_command("load_demo_resources", verbosity=0)
    assert not LibraryItem.objects.exists()


def test_without_the_demo_accounts_it_says_which_command_comes_first(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="load_demo_accounts"):
        call_command("load_demo_resources", verbosity=0)


def test_delete_demo_removes_the_demo_resources_and_their_files_only(
    demo, member, staff_user, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    real = published(member, staff_user, title="Ressource réelle", author="Vraie autrice")
    call_command("load_demo_resources", verbosity=0)
    paths = [item.file.path for item in LibraryItem.objects.filter(is_demo=True) if item.file]
    assert paths
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("delete_demo", stdout=out)
    assert list(LibraryItem.objects.all()) == [real]
    assert "ressource(s) de démonstration supprimé(e)(s)" in out.getvalue()
    assert not any(os.path.exists(path) for path in paths)


def test_the_demo_pdf_has_a_cross_reference_table_that_points_at_its_objects() -> None:
    """What a viewer reads first: every offset of the table starts its object, startxref starts the table."""
    content = demo_pdf(("Première ligne (démo)", "Seconde ligne"))
    assert content.startswith(b"%PDF-1.4") and content.rstrip().endswith(b"%%EOF")
    startxref = int(re.search(rb"startxref\n(\d+)\n", content).group(1))
    assert content[startxref:].startswith(b"xref\n0 6\n")
    offsets = [int(offset) for offset in re.findall(rb"(\d{10}) 00000 n ", content)]
    assert [content[offset:].split(b"\n", 1)[0] for offset in offsets] == [f"{n} 0 obj".encode() for n in range(1, 6)]
    assert b"(Premi\xe8re ligne \\(d\xe9mo\\)) '" in content  # Latin-1, parentheses escaped
