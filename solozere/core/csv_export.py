"""CSV out: the one writer that neutralises spreadsheet formulas (OWASP, "CSV Injection").

A spreadsheet opening a CSV reads a cell that starts with `=`, `+`, `-` or `@` as a formula (and a tab or a carriage
return before one of them as well): a place named `=HYPERLINK("http://evil.example","Cliquez")` would become a live
link in the file a staff member or an open-data reuser opens. Every cell of every export goes through `safe_cell`:
such a text gets a leading single quote, which spreadsheets show as text and never evaluate.

Numbers stay numbers. A value given as `int`, `float` or `Decimal` is written as it is, and so is a text that is
exactly a decimal number (`-3.5`, `+33466000000`, `-12.50`): a spreadsheet reads it as that number, never as a
formula, and the open-data files must keep their numeric columns (coordinates, amounts) valid against the national
schemas. Only text that is not a plain number is quoted: `-1+2`, `+33 4 66`, `@SUM(1)`.
"""

import csv
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Protocol

# What makes a spreadsheet evaluate a cell (OWASP's list).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A plain decimal number, as Python and the schemas write one: nothing a spreadsheet could evaluate.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


class _Writable(Protocol):
    def write(self, s: str, /) -> Any: ...


def safe_cell(value: Any) -> Any:
    """The value to write in a cell: a text that a spreadsheet would evaluate is prefixed with a single quote."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in values]


class SafeWriter:
    """`csv.writer` whose every cell goes through `safe_cell`."""

    def __init__(self, stream: _Writable, **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class SafeDictWriter:
    """`csv.DictWriter` whose every cell goes through `safe_cell` (the header is ours and written as it is)."""

    def __init__(self, stream: _Writable, fieldnames: list[str], **options: Any) -> None:
        self._writer = csv.DictWriter(stream, fieldnames=fieldnames, **options)

    def writeheader(self) -> Any:
        return self._writer.writeheader()

    def writerow(self, row: Mapping[str, Any]) -> Any:
        return self._writer.writerow({key: safe_cell(value) for key, value in row.items()})

    def writerows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            self.writerow(row)
