"""The documented limits on what PAR Desk accepts: numbers, texts and criteria trees.

Each limit holds on every way in (typing in the window, the command line, an Excel table, a stored
file, a formula), so what one path accepts the others can read back. They are generous for real
assessments (scores below 100, counts of documents or records in the millions, titles of a few
hundred characters, trees four levels deep) and small enough that nothing a hostile file holds
can make the arithmetic, the layout of a document or a walk over the tree run away.
"""

from __future__ import annotations

from decimal import Decimal

__all__ = [
    "MAX_CODE",
    "MAX_DEPTH",
    "MAX_INTEGER_DIGITS",
    "MAX_NAME",
    "MAX_NODES",
    "MAX_NUMBER",
    "MAX_PLACES",
    "MAX_RESULT",
    "MAX_TEXT",
    "MAX_TEXTS_TOTAL",
    "MAX_TITLE",
]

# Numbers: at most 12 digits before the decimal mark (below one thousand billion, "một nghìn tỷ")
# and 4 after it, as the file keeps them. 12 + 4 digits fit Decimal's 28 with room for a product.
MAX_INTEGER_DIGITS = 12
MAX_PLACES = 4
MAX_NUMBER = Decimal(10) ** MAX_INTEGER_DIGITS  # exclusive: |x| < 10^12
# A formula's intermediate results may grow past an input (b/a * 100), never past 10^18: then a
# result quantized to 4 decimals still has fewer than 28 significant digits.
MAX_RESULT = Decimal(10) ** 18

# Criteria trees: levels from a lĩnh vực down to a part (real sets have four), and nodes in one set.
MAX_DEPTH = 12
MAX_NODES = 100_000

# Texts, in characters. Codes ("3.2.5") and names (units, header settings, document numbers) are
# short; titles and legal bases a paragraph; free texts (tasks, explanations, notes) a page or
# two — Excel's own limit for one cell is 32 767 characters.
MAX_CODE = 50
MAX_NAME = 1_000
MAX_TITLE = 4_000
MAX_TEXT = 32_767
# All free texts of one file together (some 3 000 printed pages): beyond it a file is no assessment,
# and printing it would take minutes.
MAX_TEXTS_TOTAL = 4_000_000
