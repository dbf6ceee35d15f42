#!/usr/bin/env bash
# One-shot start of the Superset stack (the superset-init service): brings the metadata database
# up to date, and on the first start creates the admin user and imports the dashboards, built from
# the checkout's superset/ (mounted at /opt/shop-pulse/superset) exactly as build-bundle.sh builds
# them for a manual import. The import connects to ClickHouse, so it gets the user and password
# of .env (shop_pulse_databases.py explains how). Every start points the ClickHouse connection at
# the credentials in .env again, so a changed password needs no clicking in the UI.
set -euo pipefail

databases=/app/pythonpath/shop_pulse_databases.py

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
    python "$databases" import-dashboards "$bundle" "$SUPERSET_ADMIN_USER"
    touch "$marker"
fi

# The connection is named in superset/bundle/databases/; the URI carries the password.
uri="$(python "$databases" clickhouse-uri)"
superset set-database-uri -d "shop-pulse ClickHouse" -u "$uri"
