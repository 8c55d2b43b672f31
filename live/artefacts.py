"""The artefact store: versioned, fitted models on disk, written by one builder, read by every
worker memory-mapped.

Layout of a ``DirectoryStore`` (``MODEL_DIR``)::

    <digest of DATABASE_URL>/       one store per database (``store_for``), holding:
    v000007/manifest.json   what the version covers (see ``Manifest``)
    v000007/models.joblib   {"models": {name: Recommender}, "catalog": Catalog, "shared": {...}}
    CURRENT                 "v000007": the newest complete version
    BUILD_REQUEST           a pending build request (``request_build``)
    TUNING.json             the last self-tuning's winners (live/tuning.py)

A version is written into a temporary directory, fsynced and renamed into place, then
``CURRENT`` is replaced (write-then-rename): a reader sees the old version or the new one,
never half of one. ``joblib`` stores every NumPy array of the object graph (scipy.sparse
internals included) raw and aligned inside the file, so ``joblib.load(mmap_mode="c")`` maps
them instead of reading them: N workers share one copy of the pages in the OS page cache.
Copy-on-write (``"c"``) because live updates still write into some arrays (the trending
counts); a written page becomes that worker's own and the file never changes.

``ArtefactStore`` is the interface the builder and the workers use, so an object store can
replace the directory later.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Protocol

import joblib
import numpy as np

from config import Settings
from features.data import Catalog
from recommenders.base import Recommender

CURRENT = "CURRENT"
MANIFEST = "manifest.json"
PAYLOAD = "models.joblib"
REQUEST = "BUILD_REQUEST"
BUILDER_LOCK = "builder.lock"
PREFIX = "v"


@dataclass(frozen=True)
class Manifest:
    """What one artefact version holds and which part of storage it was built from."""

    version: int
    # The event log position it covers: the highest interactions.id included (0 = none).
    position: int
    events: int  # stored events with id <= position when it was built
    items: int  # catalogue size
    parameters: dict[str, Any]
    fit_seconds: dict[str, float]
    load_seconds: float
    created_at: float
    # Which storage it was built from: the oldest event and item with when they were
    # stored. A reset deletes them and a re-seed stores them again with a new time.
    storage: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{PREFIX}{self.version:06d}"


@dataclass
class Artefact:
    manifest: Manifest
    models: dict[str, Recommender]
    catalog: Catalog
    # What the models share and the worker needs beside them (the interaction state, the
    # ids of the last events covered, the data's stamp), mapped like the models.
    shared: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class BuildRequest:
    reason: str
    first_at: float  # when the oldest pending request was made
    last_at: float  # when the newest was


class ArtefactStore(Protocol):
    """Where artefacts live; ``DirectoryStore`` is the one implementation today."""

    def publish(
        self,
        models: Mapping[str, Recommender],
        catalog: Catalog,
        shared: Mapping[str, Any] | None = None,
        **fields: Any,
    ) -> Manifest:
        """Store a new version (the next number) and make it the newest, atomically."""

    def latest(self) -> Manifest | None:
        """The newest complete version's manifest, or None before the first build."""

    def load(self, manifest: Manifest) -> Artefact:
        """That version's models, memory-mapped."""

    def request_build(self, reason: str) -> None:
        """Ask the builder for a build (requests close together become one build)."""

    def pending_request(self) -> BuildRequest | None: ...

    def take_request(self) -> BuildRequest | None:
        """The pending request, removed: one made after this starts the next build."""

    def write_record(self, name: str, record: Mapping[str, Any]) -> None:
        """Keep a small JSON record beside the versions (replaced atomically)."""

    def read_record(self, name: str) -> dict[str, Any] | None: ...


class DirectoryStore:
    def __init__(self, root: str | Path, keep: int = 3) -> None:
        self.root = Path(root)
        self.keep = keep
        self.root.mkdir(parents=True, exist_ok=True)

    # --- versions ------------------------------------------------------------------------

    def publish(
        self,
        models: Mapping[str, Recommender],
        catalog: Catalog,
        shared: Mapping[str, Any] | None = None,
        **fields: Any,
    ) -> Manifest:
        with self._locked("publish.lock"):
            latest = self.latest()
            manifest = Manifest(
                version=(latest.version if latest else 0) + 1, created_at=time.time(), **fields
            )
            staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=self.root))
            try:
                payload = {"models": dict(models), "catalog": catalog, "shared": dict(shared or {})}
                joblib.dump(payload, staging / PAYLOAD)
                (staging / MANIFEST).write_text(json.dumps(asdict(manifest), indent=1))
                for path in (staging / PAYLOAD, staging / MANIFEST):
                    _fsync(path)
                _fsync(staging)
                os.rename(staging, self.root / manifest.name)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            _fsync(self.root)
            self._replace(CURRENT, manifest.name)
            self._prune()
        return manifest

    def latest(self) -> Manifest | None:
        try:
            name = (self.root / CURRENT).read_text().strip()
        except FileNotFoundError:
            return None
        return Manifest(**json.loads((self.root / name / MANIFEST).read_text()))

    def load(self, manifest: Manifest) -> Artefact:
        payload = joblib.load(self.root / manifest.name / PAYLOAD, mmap_mode="c")
        unwrap_memmaps(payload)
        return Artefact(manifest, payload["models"], payload["catalog"], payload["shared"])

    def versions(self) -> list[int]:
        return sorted(
            int(path.name[len(PREFIX) :])
            for path in self.root.glob(f"{PREFIX}[0-9]*")
            if path.is_dir()
        )

    def _prune(self) -> None:
        """Older versions go; a worker still mapping one keeps its pages (the inode lives
        until it is unmapped), so removing them under a reader is safe."""
        for version in self.versions()[: -self.keep]:
            shutil.rmtree(self.root / f"{PREFIX}{version:06d}", ignore_errors=True)
        for staging in self.root.glob(".staging-*"):
            if time.time() - staging.stat().st_mtime > 3600:  # a builder that died mid-write
                shutil.rmtree(staging, ignore_errors=True)

    # --- build requests -------------------------------------------------------------------

    def request_build(self, reason: str) -> None:
        now = time.time()
        pending = self.pending_request()
        first = pending.first_at if pending else now
        self._replace(REQUEST, json.dumps({"reason": reason, "first_at": first, "last_at": now}))

    def pending_request(self) -> BuildRequest | None:
        return self._read_request(self.root / REQUEST)

    def take_request(self) -> BuildRequest | None:
        taken = self.root / f".taken-{uuid.uuid4().hex}"
        try:
            os.rename(self.root / REQUEST, taken)
        except FileNotFoundError:
            return None
        try:
            return self._read_request(taken)
        finally:
            taken.unlink(missing_ok=True)

    def _read_request(self, path: Path) -> BuildRequest | None:
        try:
            return BuildRequest(**json.loads(path.read_text()))
        except FileNotFoundError:
            return None
        except (ValueError, TypeError):
            # Unreadable (written by hand?): still a request.
            return BuildRequest("unreadable request", time.time(), time.time())

    # --- records beside the versions (the self-tuning's TUNING.json) -------------------------

    def write_record(self, name: str, record: Mapping[str, Any]) -> None:
        """Replace the JSON record ``name`` atomically (write-then-rename)."""
        self._replace(name, json.dumps(record, indent=1, sort_keys=True))

    def read_record(self, name: str) -> dict[str, Any] | None:
        """The JSON record ``name``; None when absent or unreadable (written by hand?)."""
        try:
            record = json.loads((self.root / name).read_text())
        except (FileNotFoundError, ValueError):
            return None
        return record if isinstance(record, dict) else None

    # --- helpers --------------------------------------------------------------------------

    def try_builder_lock(self) -> int | None:
        """An exclusive lock held for a builder's whole life: one builder per store. Returns
        the open descriptor (keep it open) or None if another builder holds it."""
        descriptor = os.open(self.root / BUILDER_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            return None
        return descriptor

    def builder_running(self) -> bool:
        """Whether a builder holds this store's lock right now."""
        descriptor = self.try_builder_lock()
        if descriptor is None:
            return True
        os.close(descriptor)  # closing releases the lock
        return False

    @contextlib.contextmanager
    def _locked(self, name: str) -> Iterator[None]:
        with open(self.root / name, "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield

    def _replace(self, name: str, text: str) -> None:
        temporary = self.root / f".{name}.{uuid.uuid4().hex}"
        temporary.write_text(text)
        _fsync(temporary)
        os.replace(temporary, self.root / name)
        _fsync(self.root)


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def store_for(settings: Settings) -> DirectoryStore:
    """The store of this database under ``MODEL_DIR``: services of different databases that
    share the directory (tests, benchmarks, staging beside production) never serve, or wait
    for, each other's builds."""
    digest = hashlib.blake2b(settings.database_url.encode(), digest_size=6).hexdigest()
    return DirectoryStore(Path(settings.model_dir) / digest, settings.model_keep_versions)


def unwrap_memmaps(root: object) -> None:
    """Replace every ``np.memmap`` in the object graph by a plain ``ndarray`` view of the
    same mapped pages. A memmap runs Python code (``__array_finalize__``, ``__array_wrap__``)
    for every slice of it and every result computed from it, which costs a request more
    than the arithmetic does; the view shares the pages and keeps the mapping alive through
    its base. (An array inside a tuple stays as it is: a tuple cannot be changed.)"""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, dict | list):
            slots = node.items() if isinstance(node, dict) else enumerate(node)
            put = node.__setitem__
        elif hasattr(node, "__dict__") and not isinstance(node, type):
            slots = vars(node).items()
            put = partial(object.__setattr__, node)  # frozen dataclasses too
        elif isinstance(node, tuple):
            stack.extend(node)
            continue
        else:
            continue
        for key, value in list(slots):
            if isinstance(value, np.memmap):
                put(key, value.view(np.ndarray))
            elif not isinstance(value, np.ndarray | str | bytes | int | float):
                stack.append(value)
