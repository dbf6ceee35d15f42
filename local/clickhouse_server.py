#!/usr/bin/env python3
"""Serve the real ClickHouse HTTP interface from the chDB engine, without Docker.

libchdb.so (npm package @chdb/lib-linux-x64-gnu) is the ClickHouse engine built as a library.
Its chdb_query_cmdline() runs clickhouse-local with the argv it is given; clickhouse-local keeps
its HTTP interface open only while a query runs, so this starts the listener and then runs a
query that sleeps for years. SIGTERM or SIGINT kills that query, which ends the call and the
process with exit code 0.

With --users-xml the server has the users of that file (the format of ClickHouse's users.xml)
rather than only a passwordless `default`. The file must keep `default` without a password: the
engine's own session, which holds the server open, logs in as that user and with no password.
"""

import argparse
import ctypes
import os
import signal
import sys
import threading
import time
import urllib.parse
import urllib.request
from xml.sax.saxutils import escape

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_LIB = os.path.join(
    REPO, ".local", "chdb", "node_modules", "@chdb", "lib-linux-x64-gnu", "libchdb.so"
)
# A fixed id lets the signal handler kill exactly the query that holds the server open.
KEEPALIVE_QUERY_ID = "shop-pulse-http-keepalive"
KEEPALIVE_QUERY = (
    "SELECT sleep(3) FROM numbers(1000000000) SETTINGS max_block_size = 1 FORMAT Null"
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True, help="where databases and tables live")
    parser.add_argument("--port", type=int, default=8123, help="HTTP port (default 8123)")
    parser.add_argument(
        "--listen-host", default="127.0.0.1", help="address to bind (default 127.0.0.1)"
    )
    parser.add_argument(
        "--lib", default=DEFAULT_LIB, help="path to libchdb.so (default: the one in .local/chdb)"
    )
    parser.add_argument(
        "--users-xml",
        help="the users of the server, in the format of users.xml; it must keep a passwordless"
        " default user (default: only that user)",
    )
    return parser.parse_args()


def users_config(users_xml, data_dir):
    """A config file that takes the users from users_xml; clickhouse-local reads no other."""
    path = os.path.join(data_dir, "users-config.xml")
    with open(path, "w", encoding="utf-8") as config:
        config.write(
            "<clickhouse><user_directories><users_xml><path>"
            f"{escape(os.path.abspath(users_xml))}"
            "</path></users_xml></user_directories></clickhouse>\n"
        )
    return path


def clickhouse_argv(args):
    argv = [
        "clickhouse",
        f"--path={os.path.abspath(args.data_dir)}",
        f"--http_port={args.port}",
        f"--listen_host={args.listen_host}",
        f"--query_id={KEEPALIVE_QUERY_ID}",
        # sleep() refuses to block longer than 3 s per block unless this limit is lifted.
        "--function_sleep_max_microseconds_per_block=0",
        f"--query=SYSTEM START LISTEN HTTP; {KEEPALIVE_QUERY}",
    ]
    if args.users_xml:
        argv.append(f"--config-file={users_config(args.users_xml, args.data_dir)}")
    return argv


def kill_keepalive(port):
    host = "127.0.0.1"
    query = f"KILL QUERY WHERE query_id = '{KEEPALIVE_QUERY_ID}' ASYNC FORMAT Null"
    url = f"http://{host}:{port}/?" + urllib.parse.urlencode({"query": query})
    try:
        urllib.request.urlopen(urllib.request.Request(url, method="POST"), timeout=5).read()
    except OSError as e:
        print(f"clickhouse_server: could not kill the keep-alive query: {e}", file=sys.stderr)


def main():
    args = parse_args()
    if not os.path.isfile(args.lib):
        sys.exit(f"clickhouse_server: {args.lib} not found; run ./local/up.sh to fetch it")
    os.makedirs(args.data_dir, exist_ok=True)
    if args.users_xml and not os.path.isfile(args.users_xml):
        sys.exit(f"clickhouse_server: {args.users_xml} not found")

    lib = ctypes.CDLL(args.lib)
    lib.chdb_query_cmdline.argtypes = [ctypes.c_int, ctypes.POINTER(ctypes.c_char_p)]
    lib.chdb_query_cmdline.restype = ctypes.c_void_p
    argv = clickhouse_argv(args)
    c_argv = (ctypes.c_char_p * len(argv))(*(a.encode() for a in argv))

    # The engine call blocks for the server's lifetime; running it off the main thread keeps
    # the main thread free to receive signals.
    engine = threading.Thread(
        target=lambda: lib.chdb_query_cmdline(len(argv), c_argv), name="clickhouse", daemon=True
    )
    stop = threading.Event()

    def on_signal(signum, _frame):
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    engine.start()
    print(
        f"clickhouse_server: pid {os.getpid()} serving http://{args.listen_host}:{args.port}"
        f" from {os.path.abspath(args.data_dir)}",
        flush=True,
    )

    while not stop.is_set() and engine.is_alive():
        stop.wait(0.5)
    if not engine.is_alive():
        sys.exit("clickhouse_server: the engine stopped on its own; see the messages above")

    kill_keepalive(args.port)
    deadline = time.monotonic() + 15
    while engine.is_alive() and time.monotonic() < deadline:
        engine.join(0.5)
    sys.stdout.flush()
    # os._exit: the engine's static destructors can hang at interpreter shutdown; the data is
    # already on disk once the query has ended.
    os._exit(0 if not engine.is_alive() else 1)


if __name__ == "__main__":
    main()
