"""Write the product's own tabs into an .xlsx and leave every other part of the file as it was.

openpyxl's load-and-save rewrites every part and drops shapes, slicers, sparklines, extension
conditional formats and cached formula results, so the export patches the zip instead: only the
edited sheets' XML (and their tables) is rewritten; the index parts that must learn about a new
tab or a new cell style (workbook.xml, its rels, [Content_Types].xml, docProps/app.xml,
styles.xml) only get entries appended; every other zip entry keeps its exact bytes. New text is
written as inline strings, so sharedStrings.xml never changes either.

- `patch`: the edits (`SheetEdit`, `patch_xlsx`) and `last_used_column`.
- `sheet`: one worksheet's XML edited in place; `tables`: tables grown over new rows;
  `ranges`: data validation and conditional formatting grown over them too.
- `values`: Python values as cell XML (Excel serial dates, inline strings).
- `styles`: styles.xml, formats found or appended; `new_sheet`: a tab added to every index.
- `workbook_part`: workbook.xml, tabs by name, the parts a tab owns (`owned_parts`).
- `package`: the zip's parts, parsed on demand and re-assembled; `refs`: A1 references.

`sheet_parts` is `connectors.xlsx_parts.sheet_parts`, which the workbook reader uses too.
"""

from connectors.xlsx_parts import sheet_parts
from connectors.xlsx_patch.patch import SheetEdit, last_used_column, patch_xlsx
from connectors.xlsx_patch.refs import cell_ref, parse_cell_ref, parse_range, range_ref
from connectors.xlsx_patch.values import CellValue, excel_serial, number_text, xml_safe_text
from connectors.xlsx_patch.workbook_part import owned_parts

__all__ = [
    "CellValue",
    "SheetEdit",
    "cell_ref",
    "excel_serial",
    "last_used_column",
    "number_text",
    "owned_parts",
    "parse_cell_ref",
    "parse_range",
    "patch_xlsx",
    "range_ref",
    "sheet_parts",
    "xml_safe_text",
]
