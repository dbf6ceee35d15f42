#!/usr/bin/env bash
# Takes the README's screenshots from the running local stack (start ./local/up.sh first and let
# it run for a couple of minutes): the Flink web UI with the jobs, and a ClickHouse /play query
# over the daily KPIs. Needs Debian's chromium (sudo apt-get install -y chromium).
#
#   ./local/screenshots.sh     # writes docs/images/flink-ui.png, clickhouse-play.png, alert-history.png
set -euo pipefail
# shellcheck source=local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

FLINK_PORT="${FLINK_PORT:-8081}"
CLICKHOUSE_PORT="${CLICKHOUSE_PORT:-8123}"
out="$SP_ROOT/docs/images"
command -v chromium >/dev/null || sp_die "chromium is missing; install it with: sudo apt-get install -y chromium"
curl -sf "http://localhost:$FLINK_PORT/jobs/overview" >/dev/null ||
    sp_die "no Flink web UI on port $FLINK_PORT: start ./local/up.sh first"

shot() {
    local file="$1" url="$2" profile
    profile="$(mktemp -d)"
    # The background-networking switches keep Chromium from calling home, which a closed network
    # answers with a storm of refused connections.
    chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
        --window-size=1440,900 --virtual-time-budget=15000 --hide-scrollbars \
        --screenshot="$file" "$url" >/dev/null 2>&1
    rm -rf "$profile"
    [[ -s "$file" ]] || sp_die "no screenshot of $url"
    sp_log "wrote ${file#"$SP_ROOT"/}"
}

query="SELECT day, dau, views, orders, revenue, round(conversion_rate * 100, 2) AS conversion_pct,
       avg_order_value, arpu FROM shop_analytics.kpi_daily ORDER BY day DESC LIMIT 10"
alerts="SELECT created_at, state, severity, rule_id, kpi, scope_value, value, threshold,
       previous_value, window_start, delivery_status FROM shop_analytics.alert_history
       ORDER BY created_at DESC LIMIT 10"
play() { echo "http://localhost:$CLICKHOUSE_PORT/play?user=default&run=1#$(printf '%s' "$1" | base64 -w0)"; }
shot "$out/flink-ui.png" "http://localhost:$FLINK_PORT/#/job/running"
shot "$out/clickhouse-play.png" "$(play "$query")"
shot "$out/alert-history.png" "$(play "$alerts")"
