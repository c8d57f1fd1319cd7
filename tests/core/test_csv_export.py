"""The one CSV writer: a cell a spreadsheet would evaluate is neutralised, numbers stay numbers."""

import csv
import io
from decimal import Decimal

import pytest

from solozere.core.csv_export import SafeDictWriter, SafeWriter, safe_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\tx", "'\tx"),
        ("\r=1", "'\r=1"),
        ("+33 4 66 00 00 00", "'+33 4 66 00 00 00"),
        ("-", "'-"),
        ("Télécentre de Mende", "Télécentre de Mende"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_text_that_a_spreadsheet_would_evaluate_gets_a_leading_quote(value, expected):
    assert safe_cell(value) == expected


@pytest.mark.parametrize("value", ["-3.5", "+33466000000", "-12.50", "-1e3", "2400.00", ".5"])
def test_a_text_that_is_a_plain_number_is_left_a_number(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize("value", [-3.5, -12, Decimal("-2400.00"), 0, None, True])
def test_numbers_and_empty_values_are_written_as_they_are(value):
    assert safe_cell(value) is value


def test_the_writers_neutralise_every_cell_but_not_the_header():
    buffer = io.StringIO()
    writer = SafeWriter(buffer)
    writer.writerow(["=1+1", -3.5, "@x"])
    writer.writerows([["-4", "+a"]])
    assert list(csv.reader(io.StringIO(buffer.getvalue()))) == [["'=1+1", "-3.5", "'@x"], ["-4", "'+a"]]

    buffer = io.StringIO()
    dict_writer = SafeDictWriter(buffer, fieldnames=["=nom", "longitude"], lineterminator="\n")
    dict_writer.writeheader()
    dict_writer.writerows([{"=nom": "=cmd", "longitude": "-3.5"}])
    assert buffer.getvalue() == "=nom,longitude\n'=cmd,-3.5\n"
