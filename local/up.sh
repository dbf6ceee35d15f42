#!/usr/bin/env bash
# Runs the whole demo on this machine: builds the jobs, starts ClickHouse, Kafka and a Flink
# session cluster (with a ZooKeeper for its high availability), creates the schema and topics,
# submits the metrics, alerting and generator jobs through Flink's REST API (as the web UI does),
# then watches: a service that dies is started again, a job that restarts is reported. Ctrl-C
# stops everything it started.
#
#   ./local/up.sh
#
# Environment: CLICKHOUSE_PORT (8123), KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093),
# FLINK_PORT (8081), FLINK_RPC_PORT (6123), ZOOKEEPER_PORT (2181), CLICKHOUSE_URL (use that server
# instead of starting one), GENERATOR_RATE (events per second, about 125), RESTART_ALERT_THRESHOLD
# (restarts of a job within 10 minutes that raise job_restarting, 3), SKIP_BUILD=1 (submit the jars already in */target), SHOP_PULSE_STATE (demo: the folder
# under .local/ that holds this stack's data, logs and checkpoints).
set -euo pipefail
# shellcheck source=local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CLICKHOUSE_PORT="${CLICKHOUSE_PORT:-8123}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
FLINK_PORT="${FLINK_PORT:-8081}"
FLINK_RPC_PORT="${FLINK_RPC_PORT:-6123}"
ZOOKEEPER_PORT="${ZOOKEEPER_PORT:-2181}"

# ---- What gets submitted: the jobs of flink-jobs.yaml, with these values for its variables ---
EVENTS_TOPIC=shop-events
EVENTS_PARTITIONS=2
DLQ_TOPIC=shop-events-dlq
KPI_TOPIC=shop-kpis
ALERTS_TOPIC=shop-alerts
DATABASE=shop_analytics

JOBS_JAR="$SP_ROOT/jobs/target/shop-pulse-jobs.jar"
GENERATOR_JAR="$SP_ROOT/generator/target/shop-pulse-generator.jar"

# One NAME=VALUE a line. The list reads the rest from this environment: TELEGRAM_API_URL points
# the alerting job at another Bot API server (e.g. a local fake one), GENERATOR_RATE sets the
# generator's average rate (events per real second; its own default, about 125, simulates about
# one shop day per real minute).
job_variables() {
    printf '%s\n' \
        "JOBS_JAR=$JOBS_JAR" \
        "GENERATOR_JAR=$GENERATOR_JAR" \
        "KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT" \
        "EVENTS_TOPIC=$EVENTS_TOPIC" \
        "DEAD_LETTER_TOPIC=$DLQ_TOPIC" \
        "KPI_TOPIC=$KPI_TOPIC" \
        "ALERTS_TOPIC=$ALERTS_TOPIC" \
        "CLICKHOUSE_URL=$SP_CLICKHOUSE_URL" \
        "CLICKHOUSE_DATABASE=$DATABASE" \
        "ALERTS_STARTING_OFFSETS=earliest" \
        "DASHBOARD_URL=${DASHBOARD_URL:-http://localhost:$CLICKHOUSE_PORT/play}" \
        "RESTART_ALERT_THRESHOLD=${RESTART_ALERT_THRESHOLD:-3}"
    # The metrics job's time options as lib.sh keeps them for this stack and the benchmark, as
    # the list's METRICS_* variables: --window-sizes 1m,1h,1d becomes METRICS_WINDOW_SIZES=1m,1h,1d.
    local time i name
    mapfile -t time < <(sp_metrics_time_args)
    for ((i = 0; i < ${#time[@]}; i += 2)); do
        name="${time[i]#--}"
        name="${name//-/_}"
        printf 'METRICS_%s=%s\n' "${name^^}" "${time[i + 1]}"
    done
}
# -----------------------------------------------------------------------------------------------

sp_init "${SHOP_PULSE_STATE:-demo}"
sp_check_prereqs
sp_stop_leftovers

ports=(
    "$KAFKA_PORT|Kafka broker|KAFKA_PORT"
    "$KAFKA_CONTROLLER_PORT|Kafka controller|KAFKA_CONTROLLER_PORT"
    "$FLINK_PORT|Flink web UI|FLINK_PORT"
    "$FLINK_RPC_PORT|Flink JobManager RPC|FLINK_RPC_PORT"
    "$ZOOKEEPER_PORT|ZooKeeper|ZOOKEEPER_PORT"
)
[[ -n "${CLICKHOUSE_URL:-}" ]] || ports+=("$CLICKHOUSE_PORT|ClickHouse HTTP|CLICKHOUSE_PORT")
sp_check_ports "${ports[@]}"

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
    sp_log "building (mvn -B -q -DskipTests package)"
    (cd "$SP_ROOT" && mvn -B -q -DskipTests package) || sp_die "the build failed (output above)"
fi
for jar in "$JOBS_JAR" "$GENERATOR_JAR" "$SP_METRICS_REPORTER_JAR" "$SP_REPORT_JAR" \
    "$SP_SUBMIT_JAR"; do
    [[ -f "$jar" ]] || sp_die "${jar#"$SP_ROOT"/} is missing; the build should have made it"
done
sp_fetch_runtimes

sp_install_traps

sp_start_services "$CLICKHOUSE_PORT" "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" \
    "$FLINK_PORT" "$FLINK_RPC_PORT" "$ZOOKEEPER_PORT"

sp_create_topic "$EVENTS_TOPIC" "$EVENTS_PARTITIONS"
sp_create_topic "$DLQ_TOPIC" 1
sp_create_topic "$KPI_TOPIC" 1
sp_create_topic "$ALERTS_TOPIC" 1

sp_log "applying the ClickHouse schema to $DATABASE"
java -cp "$JOBS_JAR" com.shoppulse.clickhouse.SchemaMigrator \
    --clickhouse-url "$SP_CLICKHOUSE_URL" --clickhouse-database "$DATABASE" ||
    sp_die "the schema migration failed (output above)"

mapfile -t variables < <(job_variables)
sp_submit_jobs "${variables[@]}"

# Weekly reports as the metrics job's days close (the job's zone), and the bot with a token.
SP_REPORT_ARGS=(--clickhouse-url "$SP_CLICKHOUSE_URL" --clickhouse-database "$DATABASE"
    --time-zone UTC)
[[ -z "${TELEGRAM_API_URL:-}" ]] || SP_REPORT_ARGS+=(--telegram-api-url "$TELEGRAM_API_URL")
sp_start_report

rel_run="${SP_RUN#"$SP_ROOT"/}"
telegram="off (set TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_IDS to get messages)"
[[ -z "${TELEGRAM_BOT_TOKEN:-}" ]] || telegram="on: alerts, weekly reports, bot commands (/help)"
sql_ui="${CLICKHOUSE_URL:-http://localhost:$CLICKHOUSE_PORT}"
cat >&2 <<EOF

shop-pulse is running.
  Flink web UI      http://localhost:$FLINK_PORT  (jobs, checkpoints, TaskManager logs)
  ClickHouse SQL    ${sql_ui%/}/play  (user default, no password)
  Kafka             127.0.0.1:$KAFKA_PORT  topics $EVENTS_TOPIC, $DLQ_TOPIC, $KPI_TOPIC, $ALERTS_TOPIC
  Try this query:   SELECT * FROM $DATABASE.kpi_daily ORDER BY day DESC LIMIT 10
  Alerts:           SELECT * FROM $DATABASE.alert_history ORDER BY created_at DESC LIMIT 10
  Telegram          $telegram
  Weekly reports    $rel_run/reports/  (PDF when a simulated week closes, every ~7 minutes;
                    SELECT * FROM $DATABASE.report_log FINAL)
  Logs              $rel_run/flink/log/
                    $rel_run/kafka/kafka.log
                    $rel_run/clickhouse/clickhouse.log
                    $rel_run/report/report.log

A service that dies is started again here; a job that restarts is reported here.
Press Ctrl-C to stop everything.
EOF

sp_supervise
