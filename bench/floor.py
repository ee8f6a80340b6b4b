"""Reference: the parse floor -- import pandas, read the same files with calamine and Arrow.

No validation, no typing, no figures: the least any tool must spend to get the bytes into memory.

    python bench/floor.py WORKBOOK TICKETS
"""

import sys

import pandas  # noqa: F401  (the floor includes importing pandas, as every real run does)
import pyarrow.csv
from python_calamine import CalamineWorkbook


def main(workbook: str, tickets_csv: str) -> None:
    book = CalamineWorkbook.from_path(workbook)
    cells = sum(len(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names)
    table = pyarrow.csv.read_csv(tickets_csv)
    print(cells, table.num_rows)


if __name__ == "__main__":
    main(*sys.argv[1:3])
