"""Sparse similarity against the dense definitions."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from features.similarity import bm25_weight, cosine, pearson, top_k_neighbours, unit_rows

RNG = np.random.default_rng(3)
DENSE = RNG.integers(0, 3, size=(12, 9)).astype(float) * (RNG.random((12, 9)) < 0.5)


def test_cosine_matches_the_dense_formula() -> None:
    norms = np.linalg.norm(DENSE, axis=1, keepdims=True)
    unit = np.divide(DENSE, norms, out=np.zeros_like(DENSE), where=norms > 0)
    assert cosine(sp.csr_matrix(DENSE)).toarray() == pytest.approx(unit @ unit.T)


def test_pearson_centres_each_row_over_its_stored_entries() -> None:
    rows = sp.csr_matrix(np.array([[1.0, 2.0, 0.0, 3.0], [2.0, 4.0, 0.0, 6.0]]))
    # row means over stored entries: 2 and 4; centred rows are proportional -> 1
    assert pearson(rows).toarray()[0, 1] == pytest.approx(1.0)


def test_top_k_keeps_the_k_largest_positive_off_diagonal_entries() -> None:
    matrix = sp.csr_matrix(DENSE)
    full = DENSE @ DENSE.T
    np.fill_diagonal(full, 0)
    kept = top_k_neighbours(matrix, matrix, 3).toarray()
    for row, expected in zip(kept, full, strict=True):
        assert np.count_nonzero(row) == min(3, np.count_nonzero(expected))
        if np.count_nonzero(row):
            assert row[row > 0].min() >= np.sort(expected)[-3] - 1e-12


def test_unit_rows_leaves_empty_rows_and_empty_matrices_alone() -> None:
    assert unit_rows(sp.csr_matrix((0, 4))).shape == (0, 4)
    rows = unit_rows(sp.csr_matrix(np.array([[3.0, 4.0], [0.0, 0.0]])), "l2").toarray()
    assert rows == pytest.approx(np.array([[0.6, 0.8], [0.0, 0.0]]))


def test_bm25_discounts_terms_that_occur_everywhere() -> None:
    docs = sp.csr_matrix(np.array([[1.0, 1.0], [1.0, 0.0], [1.0, 0.0]]))
    weighted = bm25_weight(docs, k1=1.2, b=0.75).toarray()
    assert weighted[0, 1] > weighted[0, 0]  # term 1 is rarer than term 0
