# The hub as a container image: `docker build -t occitanie-hub .`
# Run it against a PostgreSQL server (the embedded one is for a laptop, not a container):
#   docker run -p 8000:8000 -e HUB_DATABASE_URL_FILE=/run/secrets/database_url \
#     -v ./secrets:/run/secrets:ro occitanie-hub
# The same image runs the projector: `docker run … occitanie-hub hub project`.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY hub hub
COPY domain domain
COPY projections projections
COPY auth auth
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
RUN useradd --system --create-home --home-dir /var/lib/hub hub
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
COPY migrations /opt/hub/migrations
ENV HUB_ENVIRONMENT=production \
    HUB_MIGRATIONS_DIR=/opt/hub/migrations \
    HUB_DATA_DIR=/var/lib/hub \
    HUB_HOST=0.0.0.0 \
    HUB_PORT=8000 \
    HUB_LOG_FORMAT=json
USER hub
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
CMD ["hub", "serve"]
