#!/usr/bin/env bash
# Runs the build and all tests, unit and integration, against real services: starts ClickHouse,
# a Kafka broker and a Flink session cluster on test ports (so a running ./local/up.sh demo is not
# disturbed), points the integration tests at them, runs `mvn -B verify` with this script's
# arguments, stops the services and exits with Maven's exit code.
#
#   ./local/test.sh                      # everything
#   ./local/test.sh -pl e2e -am          # only the end-to-end test and what it needs
#
# Environment: TEST_CLICKHOUSE_PORT (18123), TEST_KAFKA_PORT (19092), TEST_KAFKA_CONTROLLER_PORT
# (19093), TEST_FLINK_PORT (18081), TEST_FLINK_RPC_PORT (16123), TEST_ZOOKEEPER_PORT (12181),
# CLICKHOUSE_URL (use that server instead of starting one).
set -euo pipefail
# shellcheck source=local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TEST_CLICKHOUSE_PORT="${TEST_CLICKHOUSE_PORT:-18123}"
TEST_KAFKA_PORT="${TEST_KAFKA_PORT:-19092}"
TEST_KAFKA_CONTROLLER_PORT="${TEST_KAFKA_CONTROLLER_PORT:-19093}"
TEST_FLINK_PORT="${TEST_FLINK_PORT:-18081}"
TEST_FLINK_RPC_PORT="${TEST_FLINK_RPC_PORT:-16123}"
TEST_ZOOKEEPER_PORT="${TEST_ZOOKEEPER_PORT:-12181}"

sp_init test
sp_check_prereqs
[[ -n "$(sp_chdb_lib)" ]] || sp_require_tools npm
# The weekly report's test reads its PDF back as text and renders it to PNG.
sp_require_tools pdftotext pdftoppm
sp_stop_leftovers

ports=(
    "$TEST_KAFKA_PORT|Kafka broker for tests|TEST_KAFKA_PORT"
    "$TEST_KAFKA_CONTROLLER_PORT|Kafka controller for tests|TEST_KAFKA_CONTROLLER_PORT"
    "$TEST_FLINK_PORT|Flink REST API for tests|TEST_FLINK_PORT"
    "$TEST_FLINK_RPC_PORT|Flink JobManager RPC for tests|TEST_FLINK_RPC_PORT"
    "$TEST_ZOOKEEPER_PORT|ZooKeeper for tests|TEST_ZOOKEEPER_PORT"
)
[[ -n "${CLICKHOUSE_URL:-}" ]] ||
    ports+=("$TEST_CLICKHOUSE_PORT|ClickHouse HTTP for tests|TEST_CLICKHOUSE_PORT")
sp_check_ports "${ports[@]}"

# The cluster loads the metrics reporter and starts before `mvn verify` builds anything.
sp_build_metrics_reporter
sp_fetch_runtimes
# SupersetClickHouseLoginIT starts a ClickHouse of its own (the users of the Docker stack), also
# when CLICKHOUSE_URL names a server for the other tests.
sp_fetch_chdb

# Every run starts from empty services, so results never depend on an earlier run's data.
rm -rf "$SP_RUN"
mkdir -p "$SP_RUN"

sp_install_traps

# A bot token that is fake but well-formed, in the environment of the test cluster's JobManager
# (which runs the alerting job's main) and of the tests: the end-to-end test sends alerts to its
# own fake Bot API and checks that this token shows in no REST answer and no log.
export TELEGRAM_BOT_TOKEN="123456789:e2e-fake-token-0123456789abcdefghij"
export TELEGRAM_CHAT_IDS="4242"

sp_start_services "$TEST_CLICKHOUSE_PORT" "$TEST_KAFKA_PORT" "$TEST_KAFKA_CONTROLLER_PORT" \
    "$TEST_FLINK_PORT" "$TEST_FLINK_RPC_PORT" "$TEST_ZOOKEEPER_PORT"

export SHOPPULSE_IT_KAFKA="$SP_KAFKA_BOOTSTRAP"
export SHOPPULSE_IT_CLICKHOUSE_URL="$SP_CLICKHOUSE_URL"
export SHOPPULSE_IT_FLINK_REST="$SP_FLINK_URL"
SHOPPULSE_IT_CHDB_LIB="$(sp_chdb_lib)"
export SHOPPULSE_IT_CHDB_LIB
sp_log "services ready: SHOPPULSE_IT_KAFKA=$SHOPPULSE_IT_KAFKA" \
    "SHOPPULSE_IT_CLICKHOUSE_URL=$SHOPPULSE_IT_CLICKHOUSE_URL" \
    "SHOPPULSE_IT_FLINK_REST=$SHOPPULSE_IT_FLINK_REST"

rc=0
(cd "$SP_ROOT" && mvn -B verify "$@") || rc=$?
if ((rc != 0)); then
    sp_log "mvn verify failed (exit $rc);" \
        "the services' logs stay in ${SP_RUN#"$SP_ROOT"/}/ until the next run"
fi
exit "$rc"
