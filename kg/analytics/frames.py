"""Query results as pandas DataFrames (for notebooks and the Python API)."""

from __future__ import annotations

import pandas as pd

from kg.store.base import QueryResult


def result_frame(result: QueryResult) -> pd.DataFrame:
    """A SELECT result as a DataFrame of plain values: IRIs and literals as text, unbound as None."""
    rows = [[None if term is None else str(term) for term in row] for row in result.rows]
    return pd.DataFrame(rows, columns=list(result.variables))
