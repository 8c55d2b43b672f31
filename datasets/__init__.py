"""Readers that turn real data sets into one normalised shape (see ``frame.Dataset``)."""

from datasets.frame import Dataset
from datasets.generic_csv import read_generic_csv
from datasets.movielens import read_movielens
from datasets.online_retail import read_online_retail
from features.data import POSITIVE_EVENT_TYPES

__all__ = [
    "POSITIVE_EVENT_TYPES",
    "Dataset",
    "read_generic_csv",
    "read_movielens",
    "read_online_retail",
]
