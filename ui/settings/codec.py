"""Values in the address: rows separated by ';', cells by ',' (``?x=0,1;2,3``).

``decode`` refuses anything that is not a rectangle of finite numbers with a sentence; nothing
in an address is evaluated.
"""

from __future__ import annotations

import numpy as np

from ui.settings.values import Matrix, as_matrix
from ui.words import number


def cell(v: float) -> str:
    """One value as the address and the value editor write it: 3, not 3.0; 0.1 exactly as it is held."""
    return number(v) if float(v).is_integer() else repr(float(v))


def encode(values: Matrix) -> str:
    """Rows separated by ';', cells by ',' (the URL form)."""
    return ";".join(",".join(cell(v) for v in row) for row in values)


def decode(text: str, what: str, limit: int) -> Matrix:
    """Parse the URL form; raise ValueError with a sentence if it is not a rectangle of numbers."""
    rows = [r for r in text.strip().split(";")]
    if not text.strip():
        raise ValueError(f"The {what} in the address is empty.")
    if len(rows) > limit:
        raise ValueError(f"The {what} in the address has {len(rows)} rows; at most {limit} are allowed.")
    try:
        cells = [[float(c) for c in r.split(",")] for r in rows]
    except ValueError:
        raise ValueError(f"The {what} in the address has a cell that is not a number.") from None
    widths = {len(r) for r in cells}
    if len(widths) != 1:
        raise ValueError(f"The {what} in the address has rows of different lengths.")
    if widths.pop() > limit:
        raise ValueError(f"The {what} in the address has more than {limit} columns.")
    a = np.asarray(cells)
    if not np.isfinite(a).all() or np.abs(a).max() > 1e6:
        raise ValueError(f"The {what} in the address has a value that is not a finite number of "
                         "at most a million.")
    return as_matrix(a)
