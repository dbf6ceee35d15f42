#!/usr/bin/env bash
# Submits shop-pulse's jobs to the session cluster through its REST API, as the web UI's "Submit
# New Job" does: POST /jars/upload (multipart field jarfile), then POST /jars/<id>/run with the
# entry class and programArgsList (Flink 2.2 ignores the single-string programArgs).
#
# Safe to run again (docker-compose up runs it on every start):
# - a job that is already running under its name is left alone;
# - a job that ran before resumes from its newest retained checkpoint. Each job checkpoints to its
#   own directory on the state volume, so the newest checkpoint there is that job's, and a job
#   cancelled to change its parallelism resumes with the new one.
#
# Settings come from the environment (docker-compose.yml passes them from .env).
set -euo pipefail

flink="${FLINK_REST_URL:-http://jobmanager:8081}"
state="${SHOP_PULSE_STATE_DIR:-/opt/flink/state}"
jars="${SHOP_PULSE_JARS:-/opt/shop-pulse/jars}"
kafka="${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}"
events_topic="${EVENTS_TOPIC:-shop-events}"
kpi_topic="${KPI_TOPIC:-shop-kpis}"
clickhouse=(
    --clickhouse-url "${CLICKHOUSE_URL:-http://clickhouse:8123}"
    --clickhouse-user "${CLICKHOUSE_USER:-default}"
    --clickhouse-database "${CLICKHOUSE_DATABASE:-shop_analytics}"
)

log() { echo "[submit-jobs] $*" >&2; }

# call PATH CURL_ARGS...: the REST answer; on an HTTP error, stops with Flink's own message.
call() {
    local path="$1" answer
    shift
    answer="$(curl -sS --fail-with-body "$@" "$flink$path")" || {
        log "$path failed: $answer"
        exit 1
    }
    echo "$answer"
}

# The states in which a job holds (or is about to hold) its slots and its Kafka offsets.
job_is_live() {
    call /jobs/overview | jq -e --arg name "$1" \
        '[.jobs[] | select(.name == $name and (.state | IN("INITIALIZING", "CREATED",
          "RUNNING", "RESTARTING", "RECONCILING")))] | length > 0' >/dev/null
}

# The newest complete checkpoint (one with _metadata) under a job's checkpoint directory.
newest_checkpoint() {
    [[ -d "$1" ]] || return 0
    find "$1" -mindepth 3 -maxdepth 3 -name _metadata -path '*/chk-*/_metadata' \
        -printf '%T@ %h\n' 2>/dev/null | sort -rn | head -n 1 | cut -d' ' -f2-
}

# submit NAME JAR ENTRY_CLASS PARALLELISM ARGS...; NAME is what the job calls itself when it
# runs (env.execute), as listed by /jobs/overview.
submit() {
    local name="$1" jar="$2" entry="$3" parallelism="$4"
    shift 4
    if job_is_live "$name"; then
        log "'$name' is running already; left alone"
        return
    fi
    [[ -f "$jar" ]] || { log "$jar is missing: build it with mvn -B -DskipTests package"; exit 1; }

    local dir="$state/checkpoints/${name// /-}" checkpoint jar_id request job_id
    checkpoint="$(newest_checkpoint "$dir")"
    jar_id="$(call /jars/upload -X POST -F "jarfile=@$jar" | jq -r '.filename | split("/") | last')"
    request="$(jq -n --arg entry "$entry" --argjson parallelism "$parallelism" \
        --arg checkpoints "file://$dir" --arg restore "$checkpoint" '
        {entryClass: $entry, parallelism: $parallelism, programArgsList: $ARGS.positional,
         flinkConfiguration: {"execution.checkpointing.dir": $checkpoints}}
        + if $restore == "" then {} else {savepointPath: $restore} end' --args -- "$@")"
    log "submitting '$name' (parallelism $parallelism)${checkpoint:+ from $checkpoint}"
    job_id="$(call "/jars/$jar_id/run" -X POST -H 'Content-Type: application/json' -d "$request" |
        jq -r .jobid)"
    log "'$name' is job $job_id"
}

log "waiting for the JobManager at $flink and a TaskManager"
until curl -fsS "$flink/overview" 2>/dev/null | jq -e '.taskmanagers > 0' >/dev/null; do
    sleep 2
done

submit "shop-pulse metrics" "$jars/shop-pulse-jobs.jar" com.shoppulse.metrics.MetricsJob \
    "${METRICS_PARALLELISM:-1}" \
    --bootstrap-servers "$kafka" \
    --events-topic "$events_topic" \
    --dead-letter-topic "${DEAD_LETTER_TOPIC:-shop-events-dlq}" \
    --kpi-topic "$kpi_topic" \
    --starting-offsets committed \
    "${clickhouse[@]}" \
    --init-schema false \
    --window-sizes "${METRICS_WINDOW_SIZES:-1m,1h,1d}" \
    --max-out-of-orderness "${METRICS_MAX_OUT_OF_ORDERNESS:-5s}" \
    --allowed-lateness "${METRICS_ALLOWED_LATENESS:-1m}"

alerts_args=(
    --bootstrap-servers "$kafka"
    --kpi-topic "$kpi_topic"
    --events-topic "$events_topic"
    --alerts-topic "${ALERTS_TOPIC:-shop-alerts}"
    "${clickhouse[@]}"
    --init-schema false
    # The job watches how often the jobs restart, through the same REST API.
    --flink-rest-url "$flink"
)
if [[ -n "${SUPERSET_PUBLIC_URL:-}" ]]; then
    alerts_args+=(--dashboard-url "${SUPERSET_PUBLIC_URL%/}/superset/dashboard/shop-pulse-anomalies/")
fi
submit "shop-pulse alerts" "$jars/shop-pulse-jobs.jar" com.shoppulse.alerts.AlertsJob 1 \
    "${alerts_args[@]}"

if [[ "${RUN_GENERATOR:-true}" == true ]]; then
    # The simulated shop opens when it is first submitted; a resubmission keeps that instant, so
    # a generator restored from its checkpoint carries on along the same timeline.
    start_file="$state/generator-start"
    [[ -f "$start_file" ]] || date -u +%Y-%m-%dT%H:%M:%SZ >"$start_file"
    submit "shop-pulse generator" "$jars/shop-pulse-generator.jar" \
        com.shoppulse.generator.GeneratorJob 1 \
        --bootstrap-servers "$kafka" \
        --events-topic "$events_topic" \
        --start "$(cat "$start_file")" \
        --speed-up "${GENERATOR_SPEED_UP:-1}" \
        --rate "${GENERATOR_RATE:-5}"
fi
log "done"
