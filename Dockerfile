# syntax=docker/dockerfile:1

# Stage 1: build the dashboard (frontend/ -> frontend/dist) with Node.
FROM node:22-bookworm-slim AS dashboard
WORKDIR /build
# Dependencies first, so a source-only change reuses the npm layer.
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

# Stage 2: the service on a slim Python image, as a non-root user.
FROM python:3.11-slim-bookworm AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-compile -r requirements.txt \
    && groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home app \
    && mkdir /app/data && chown app:app /app/data
COPY --chown=app:app . .
COPY --from=dashboard --chown=app:app /build/dist ./frontend/dist
# The model artefacts' directory (MODEL_DIR; a volume in docker-compose.yml), the app's own.
RUN mkdir -p /app/data/models && chown -R app:app /app/data
USER 10001:10001
# Production by default: without ADMIN_API_KEY the first start generates an admin key into
# the data volume and prints it once.
ENV ENVIRONMENT=production \
    PORT=8000 \
    WEB_CONCURRENCY=2 \
    LOG_FORMAT=json \
    MODEL_DIR=/app/data/models
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health' % os.environ.get('PORT', '8000'), timeout=2)"]
ENTRYPOINT ["./entrypoint.sh"]
