#!/usr/bin/env bash
# Starts a JobManager or TaskManager (`entrypoint.sh jobmanager|taskmanager`) with the repository's
# flink-conf/ as its configuration, mounted read-only at $SHOP_PULSE_FLINK_CONF. That file keeps
# every address on loopback, right for a laptop; here the processes reach each other by service
# name, so those keys are replaced, as local/lib.sh replaces its per-run keys, and the checkpoints
# go to the state volume that every Flink container mounts. Flink's own entrypoint then adds what
# the environment says (JOB_MANAGER_RPC_ADDRESS, TASK_MANAGER_NUMBER_OF_TASK_SLOTS,
# FLINK_PROPERTIES) and starts the process.
set -euo pipefail

source_conf="${SHOP_PULSE_FLINK_CONF:-/opt/shop-pulse/flink-conf}"
conf="$FLINK_HOME/conf"
state="${SHOP_PULSE_STATE_DIR:-/opt/flink/state}"

# Every TaskManager of a scaled service registers under its own address, not the service's.
own_address="$(hostname -i | awk '{print $1}')"
overrides=(
    "jobmanager.rpc.address: ${JOB_MANAGER_RPC_ADDRESS:-jobmanager}"
    "jobmanager.bind-host: 0.0.0.0"
    "taskmanager.host: $own_address"
    "taskmanager.bind-host: 0.0.0.0"
    "rest.address: ${JOB_MANAGER_RPC_ADDRESS:-jobmanager}"
    "rest.bind-address: 0.0.0.0"
    # /metrics on every interface of the container, for a Prometheus in another container.
    "metrics.reporter.prom.host: 0.0.0.0"
    "execution.checkpointing.dir: file://$state/checkpoints"
    "execution.checkpointing.savepoint-dir: file://$state/savepoints"
    # High availability: the ZooKeeper service keeps the leader and the jobs' pointers, the state
    # volume the job graphs and checkpoint metadata, so a JobManager container that restarts takes
    # its jobs back from their latest checkpoint.
    "high-availability.zookeeper.quorum: ${ZOOKEEPER_QUORUM:-zookeeper:2181}"
    "high-availability.storageDir: file://$state/ha"
    "high-availability.cluster-id: /shop-pulse"
)

cp "$source_conf"/* "$conf/"
for line in "${overrides[@]}"; do
    key="${line%%:*}"
    sed -i "/^${key//./\\.}:/d" "$conf/config.yaml"
done
{
    echo
    echo "# Set by docker/flink/entrypoint.sh for the Docker stack."
    printf '%s\n' "${overrides[@]}"
} >>"$conf/config.yaml"

exec "${FLINK_ENTRYPOINT:-/docker-entrypoint.sh}" "$@"
