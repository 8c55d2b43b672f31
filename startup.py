"""What the entrypoint does once before any worker starts (``python -m startup``).

1. On a first start with no admin key given, generate one into ``ADMIN_API_KEY_FILE`` (the
   data volume) and print it once; later starts reuse it and only say where it is kept.
   ``ADMIN_API_KEY`` overrides the file.
2. Refuse unsafe settings (production without any admin key).
3. Apply migrations once (PostgreSQL's advisory lock guards them), so workers never race.
4. Say where the dashboard and the API docs are.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import app
import config
import db
from access import read_or_create_key

log = logging.getLogger("smart_suggest.startup")


def ensure_admin_key(settings: config.Settings) -> None:
    if settings.environment != "production" or settings.admin_api_key:
        return
    if not settings.admin_api_key_file:
        return
    try:
        key, created = read_or_create_key(Path(settings.admin_api_key_file))
    except OSError as error:  # a read-only or missing volume: the refusal below says why
        log.error("cannot keep an admin key at %s: %s", settings.admin_api_key_file, error)
        return
    if created:
        log.warning(
            "generated an admin key (shown once; kept in %s): %s",
            settings.admin_api_key_file,
            key,
        )
    else:
        log.info("admin key: the one kept in %s", settings.admin_api_key_file)


def public_url() -> str:
    host = os.environ.get("PUBLIC_HOST") or os.environ.get("HOST", "127.0.0.1")
    if host in ("0.0.0.0", "::"):
        host = "localhost"
    return f"http://{host}:{os.environ.get('PUBLIC_PORT') or os.environ.get('PORT', '8000')}"


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
    settings = config.Settings()
    ensure_admin_key(settings)
    try:
        app.check_settings(settings)
    except RuntimeError as error:
        log.error("%s", error)
        return 1
    if settings.auto_migrate:
        db.migrate(settings.database_url)
    url = public_url()
    log.info("dashboard: %s/   API docs: %s/docs (ReDoc: %s/redoc)", url, url, url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
