#!/usr/bin/env bash
# Submits the jobs of flink-jobs.yaml to the session cluster with the submit client (submit/), once
# the cluster has a TaskManager; this script only gives the list's variables the Docker stack's
# values.
#
# Safe to run again (docker-compose up runs it on every start): a job that is live under its name
# is left alone, and a job that ran before resumes from its newest retained checkpoint. Each job
# checkpoints to its own directory on the state volume, so the newest checkpoint there is that
# job's, and a job cancelled to change its parallelism resumes with the new one.
#
# Settings come from the environment (docker-compose.yml passes them from .env).
set -euo pipefail

state="${SHOP_PULSE_STATE_DIR:-/opt/flink/state}"
jars="${SHOP_PULSE_JARS:-/opt/shop-pulse/jars}"
export FLINK_REST_URL="${FLINK_REST_URL:-http://jobmanager:8081}"
export KAFKA_BOOTSTRAP_SERVERS="${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}"
export CLICKHOUSE_URL="${CLICKHOUSE_URL:-http://clickhouse:8123}"
export CLICKHOUSE_USER="${CLICKHOUSE_USER:-default}"
export JOBS_JAR="$jars/shop-pulse-jobs.jar"
export GENERATOR_JAR="$jars/shop-pulse-generator.jar"
# The metrics job takes its offsets from the consumer group when it has no checkpoint, and neither
# job migrates the schema: the clickhouse-schema service did.
export METRICS_STARTING_OFFSETS=committed
export INIT_SCHEMA=false
if [[ -n "${SUPERSET_PUBLIC_URL:-}" ]]; then
    export DASHBOARD_URL="${SUPERSET_PUBLIC_URL%/}/superset/dashboard/shop-pulse-anomalies/"
fi

jobs=(metrics alerts)
if [[ "${RUN_GENERATOR:-true}" == true ]]; then
    # The simulated shop opens when it is first submitted; a resubmission keeps that instant, so
    # a generator restored from its checkpoint carries on along the same timeline.
    start_file="$state/generator-start"
    [[ -f "$start_file" ]] || date -u +%Y-%m-%dT%H:%M:%SZ >"$start_file"
    GENERATOR_START="$(cat "$start_file")"
    export GENERATOR_START
    export GENERATOR_SPEED_UP="${GENERATOR_SPEED_UP:-1}"
    export GENERATOR_RATE="${GENERATOR_RATE:-5}"
    jobs+=(generator)
fi

# The checkpoints of the jobs submitted before the job list were named after the jobs' own names;
# a link keeps them, so those jobs resume from them (their files are found by absolute path).
for name in "${jobs[@]}"; do
    old="$state/checkpoints/shop-pulse-$name"
    if [[ -d "$old" && ! -e "$state/checkpoints/$name" ]]; then
        ln -s "$old" "$state/checkpoints/$name"
    fi
done

exec java -jar "$jars/shop-pulse-submit.jar" --wait-for-taskmanager true \
    --jobs "${SHOP_PULSE_JOB_LIST:-/opt/shop-pulse/flink-jobs.yaml}" \
    --checkpoints "$state/checkpoints" --only "$(IFS=,; echo "${jobs[*]}")"
