"""Similarity on sparse matrices, and top-K neighbour lists that stay sparse.

Rows are the things compared (users, or items as rows of the transposed matrix). The top-K
builders work through blocks of rows so that no dense rows x rows matrix ever exists:
memory is O(rows x K) however large the catalogue grows.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import scipy.sparse as sp

# Largest dense block (rows x columns) materialised at once while picking neighbours.
BLOCK_ELEMENTS = 1 << 23


def unit_rows(matrix: sp.spmatrix, norm: str = "l2") -> sp.csr_matrix:
    """Rows scaled to unit L2 (or L1) length; empty rows stay empty. Any shape, even 0 rows."""
    matrix = sp.csr_matrix(matrix, dtype=np.float64)
    if norm == "l2":
        lengths = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    else:
        lengths = np.asarray(abs(matrix).sum(axis=1)).ravel()
    scale = np.divide(1.0, lengths, out=np.zeros_like(lengths), where=lengths > 0)
    return sp.csr_matrix(sp.diags(scale) @ matrix)


def cosine(a: sp.spmatrix, b: sp.spmatrix | None = None) -> sp.csr_matrix:
    """Cosine similarity between the rows of ``a`` and the rows of ``b`` (default ``a``)."""
    a_unit = unit_rows(a)
    b_unit = a_unit if b is None else unit_rows(b)
    return (a_unit @ b_unit.T).tocsr()


def center_rows(matrix: sp.spmatrix) -> sp.csr_matrix:
    """Subtract each row's mean over its stored entries (the sparse reading of Pearson:
    absent entries are unknown, not zero)."""
    centred = sp.csr_matrix(matrix, dtype=np.float64, copy=True)
    counts = np.diff(centred.indptr)
    sums = np.add.reduceat(centred.data, centred.indptr[:-1]) if centred.nnz else np.zeros(0)
    means = (
        np.divide(sums, counts, out=np.zeros(len(counts)), where=counts > 0)
        if centred.nnz
        else np.zeros(centred.shape[0])
    )
    centred.data -= np.repeat(means, counts)
    return centred


def pearson(a: sp.spmatrix, b: sp.spmatrix | None = None) -> sp.csr_matrix:
    """Pearson correlation between rows over their stored entries."""
    return cosine(center_rows(a), None if b is None else center_rows(b))


def top_k_rows(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row of a dense block, the column indices and values of the ``k`` largest
    positive entries (fewer when a row has fewer)."""
    k = min(k, scores.shape[1])
    if k <= 0:
        empty = np.zeros((scores.shape[0], 0))
        return empty.astype(np.int64), empty
    columns = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    values = np.take_along_axis(scores, columns, axis=1)
    return columns, values


def top_k_neighbours(
    left: sp.spmatrix,
    right: sp.spmatrix,
    k: int,
    *,
    column_weights: np.ndarray | None = None,
    transform: Callable[[np.ndarray], np.ndarray] | None = None,
    exclude_self: bool = True,
) -> sp.csr_matrix:
    """Sparse ``rows(left) x rows(right)`` matrix keeping, per row, the ``k`` largest
    positive entries of ``left @ right.T`` (optionally ``transform``-ed element-wise and
    scaled per column by ``column_weights``). Computed block by block."""
    left = sp.csr_matrix(left, dtype=np.float64)
    right_t = sp.csr_matrix(right, dtype=np.float64).T.tocsc()
    n_rows, n_cols = left.shape[0], right_t.shape[1]
    block = max(1, BLOCK_ELEMENTS // max(n_cols, 1))
    rows, cols, vals = [], [], []
    for start in range(0, n_rows, block):
        stop = min(start + block, n_rows)
        dense = (left[start:stop] @ right_t).toarray()
        if transform is not None:
            dense = transform(dense)
        if column_weights is not None:
            dense *= column_weights
        if exclude_self:
            own = np.arange(start, stop)
            inside = own < n_cols
            dense[np.flatnonzero(inside), own[inside]] = 0.0
        block_cols, block_vals = top_k_rows(dense, k)
        keep = block_vals > 0
        rows.append(np.repeat(np.arange(start, stop), keep.sum(axis=1)))
        cols.append(block_cols[keep])
        vals.append(block_vals[keep])
    if not rows:
        return sp.csr_matrix((n_rows, n_cols))
    return sp.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(n_rows, n_cols),
    )


def bm25_weight(matrix: sp.spmatrix, k1: float = 1.2, b: float = 0.75) -> sp.csr_matrix:
    """Okapi BM25 weighting of a documents x terms matrix (rows are documents): frequent
    terms count less (idf) and long documents are length-normalised."""
    coo = sp.coo_matrix(matrix, dtype=np.float64)
    if coo.nnz == 0:  # nothing to weight (an empty store); the logs below would warn
        return sp.csr_matrix(coo.shape)
    n_docs = float(coo.shape[0])
    idf = np.log(n_docs) - np.log1p(np.bincount(coo.col, minlength=coo.shape[1]))
    lengths = np.asarray(coo.sum(axis=1)).ravel()
    length_norm = (1.0 - b) + b * lengths / max(lengths.mean(), 1e-12)
    data = coo.data * (k1 + 1.0) / (k1 * length_norm[coo.row] + coo.data) * idf[coo.col]
    return sp.csr_matrix((data, (coo.row, coo.col)), shape=coo.shape)
