#!/usr/bin/env bash
# One-shot start of the Superset stack (the superset-init service): brings the metadata database
# up to date, and on the first start creates the admin user and imports the dashboards, built from
# the checkout's superset/ (mounted at /opt/shop-pulse/superset) exactly as build-bundle.sh builds
# them for a manual import. Every start points the ClickHouse connection at the credentials in
# .env, so a changed password needs no clicking in the UI.
set -euo pipefail

superset db upgrade
superset init

marker=/app/superset_home/.shop-pulse-initialized
if [[ ! -f "$marker" ]]; then
    superset fab create-admin \
        --username "$SUPERSET_ADMIN_USER" \
        --password "$SUPERSET_ADMIN_PASSWORD" \
        --firstname Superset \
        --lastname Admin \
        --email "$SUPERSET_ADMIN_EMAIL"
    bundle="$(mktemp -d)/shop-pulse-dashboards.zip"
    bash /opt/shop-pulse/superset/build-bundle.sh "$bundle"
    superset import-dashboards -p "$bundle" -u "$SUPERSET_ADMIN_USER"
    touch "$marker"
fi

# The bundle names the database "shop-pulse ClickHouse" and carries no password.
password="$(python -c 'import os, urllib.parse
print(urllib.parse.quote(os.environ["CLICKHOUSE_PASSWORD"], safe=""))')"
superset set-database-uri \
    -d "shop-pulse ClickHouse" \
    -u "clickhousedb://$CLICKHOUSE_USER:$password@clickhouse:8123/$CLICKHOUSE_DATABASE"
