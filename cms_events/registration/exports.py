"""Registration lists as CSV (semicolon-separated, for Dutch spreadsheets) and XLSX.

Every cell is neutralised against formula injection: a value that a spreadsheet would read as a
formula gets a leading apostrophe, as OWASP recommends. Control characters other than tab and
line breaks become U+FFFD (openpyxl refuses them): forms refuse them, but older data or
another way in may still hold them, and one such cell must not break the whole list.
"""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from cms_events.validation import CONTROL_CHARACTERS_EXCEPT_WHITESPACE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Return `value` as text that a spreadsheet can hold and will not run as a formula."""
    text = "" if value is None else str(value)
    text = CONTROL_CHARACTERS_EXCEPT_WHITESPACE.sub("\ufffd", text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def format_answer(value):
    """Return an answer as text: a list joined with commas, a checkbox as yes or no."""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return "" if value is None else str(value)


def to_csv(header, rows):
    """Return UTF-8 CSV bytes (with BOM, so Excel reads the accents) separated by semicolons."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(header, rows, *, title):
    """Return XLSX bytes with one sheet; every cell is stored as text."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for row in [header, *rows]:
        sheet.append([safe_cell(cell) for cell in row])
    for row in sheet.iter_rows():
        for cell in row:
            cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
