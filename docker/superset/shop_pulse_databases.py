"""The two databases the Superset containers reach, and the credentials they reach them with.

Every user name and password comes from .env as it is, each in an environment variable of its
own, and is percent-encoded here into the SQLAlchemy URI (urllib.parse.quote with nothing kept
safe), so '@', '/', ':', '%', '#' and spaces reach the database unchanged: SQLAlchemy decodes the
user name and password of a URI once.

- Superset's metadata database: superset_config.py sets SQLALCHEMY_DATABASE_URI from
  metadata_uri() (password: SUPERSET_DB_PASSWORD).
- ClickHouse (CLICKHOUSE_USER, CLICKHOUSE_PASSWORD, CLICKHOUSE_DATABASE): superset-init.sh
  imports the dashboards with import_dashboards() on the first start, and sets the connection's
  URI from clickhouse_uri() on every start.

Superset's importer connects to every database it imports (it lists the schemas to create their
permissions), so the bundle must arrive with the user and password that log in. The bundle's
database file names the user with Superset's password placeholder (PASSWORD_MASK); the importer
takes the real password from its `passwords` argument, keyed by the file's name in the bundle
(superset/commands/importers/v1/utils.py, load_configs), and Database.set_sqlalchemy_uri keeps that
password because the URI's is the placeholder (superset/models/core.py). Superset's own
`import-dashboards` command has no way to pass it, hence import_dashboards() here.

Run by superset-init.sh and by the tests (everything but import-dashboards works without
Superset installed):

    python shop_pulse_databases.py clickhouse-uri              # the URI, password included
    python shop_pulse_databases.py metadata-uri                # SQLALCHEMY_DATABASE_URI
    python shop_pulse_databases.py import-plan BUNDLE.zip      # JSON: what the importer gets
    python shop_pulse_databases.py import-dashboards BUNDLE.zip USER
"""

import json
import os
import re
import sys
import urllib.parse
from pathlib import PurePosixPath

# Superset's placeholder for a password it keeps elsewhere (superset/constants.py).
PASSWORD_MASK = "XXXXXXXXXX"

# Host names and ports inside the compose stack (docker-compose.yml).
CLICKHOUSE_HOST = "clickhouse"
CLICKHOUSE_PORT = 8123
METADATA_USER = "superset"
METADATA_HOST = "superset-db"
METADATA_PORT = 5432
METADATA_DATABASE = "superset"

# Superset 5.0.0 connects with SQLAlchemy 1.4, rendering the stored password into a URI string
# that escapes only ':', '@' and '/' and parsing that string again, which decodes every '%'
# followed by two hex digits a second time ("a%41" logs in as "aA"). Later Superset versions
# encode the password first (apache/superset pull request 36783).
_DECODED_TWICE = re.compile(r"%[0-9A-Fa-f]{2}")
_DATABASE_NAME = re.compile(r"[A-Za-z0-9_]+")
_SQLALCHEMY_URI_LINE = re.compile(r"^sqlalchemy_uri:.*$", re.MULTILINE)


def _quote(text):
    return urllib.parse.quote(text, safe="")


def _required(env, name):
    value = env.get(name, "")
    if not value:
        raise ValueError(f"{name} is not set (docker-compose.yml passes it from .env)")
    return value


def clickhouse_credentials(env=os.environ):
    """CLICKHOUSE_USER, CLICKHOUSE_PASSWORD and CLICKHOUSE_DATABASE, checked."""
    user = _required(env, "CLICKHOUSE_USER")
    password = _required(env, "CLICKHOUSE_PASSWORD")
    database = _required(env, "CLICKHOUSE_DATABASE")
    for what, text in (("CLICKHOUSE_USER", user), ("CLICKHOUSE_PASSWORD", password)):
        if _DECODED_TWICE.search(text):
            raise ValueError(
                f"{what} contains '%' followed by two hex digits: Superset 5.0.0 decodes that"
                " a second time when it connects, so it would log in with a different value."
                " Choose one without (any other '%' works)."
            )
    if not _DATABASE_NAME.fullmatch(database):
        raise ValueError(f"CLICKHOUSE_DATABASE must be letters, digits and '_': {database!r}")
    return user, password, database


def clickhouse_uri(env=os.environ, password=None):
    """The ClickHouse URI with the real password, or with `password` (e.g. PASSWORD_MASK)."""
    user, real_password, database = clickhouse_credentials(env)
    secret = real_password if password is None else password
    return (
        f"clickhousedb://{_quote(user)}:{_quote(secret)}"
        f"@{CLICKHOUSE_HOST}:{CLICKHOUSE_PORT}/{database}"
    )


def metadata_uri(env=os.environ):
    """SQLALCHEMY_DATABASE_URI: Superset's Postgres, as the superset-db service creates it."""
    password = _required(env, "SUPERSET_DB_PASSWORD")
    return (
        f"postgresql+psycopg2://{_quote(METADATA_USER)}:{_quote(password)}"
        f"@{METADATA_HOST}:{METADATA_PORT}/{METADATA_DATABASE}"
    )


def prepare_import(contents, env=os.environ):
    """The bundle as the importer must get it, and the importer's `passwords` argument.

    `contents` maps each file's path in the bundle (below its root folder, as Superset's
    get_contents_from_bundle names it) to its text. Every database file gets the configured
    user with the password placeholder; its real password goes into the returned map under the
    same name, which is how the importer finds it.
    """
    _, password, _ = clickhouse_credentials(env)
    uri = clickhouse_uri(env, password=PASSWORD_MASK)
    prepared = dict(contents)
    passwords = {}
    for name, text in contents.items():
        if not name.startswith("databases/"):
            continue
        # A JSON string is a YAML string too, and needs no YAML library here.
        rewritten, count = _SQLALCHEMY_URI_LINE.subn(
            lambda _: "sqlalchemy_uri: " + json.dumps(uri), text
        )
        if count != 1:
            raise ValueError(f"{name}: expected one sqlalchemy_uri line, found {count}")
        prepared[name] = rewritten
        passwords[name] = password
    if not passwords:
        raise ValueError("the bundle has no databases/ file")
    return prepared, passwords


def read_bundle(path):
    """The bundle's YAML files by their path below its root folder, as Superset reads a ZIP."""
    import zipfile  # pylint: disable=import-outside-toplevel

    contents = {}
    with zipfile.ZipFile(path) as bundle:
        for name in bundle.namelist():
            inside = PurePosixPath(*PurePosixPath(name).parts[1:])
            if inside.suffix.lower() in (".yaml", ".yml") and not inside.name.startswith((".", "_")):
                contents[str(inside)] = bundle.read(name).decode()
    return contents


def import_dashboards(bundle, username, env=os.environ):
    """Imports the bundle into Superset as `username`, with ClickHouse's real credentials."""
    # pylint: disable=import-outside-toplevel
    from zipfile import ZipFile

    from flask import g
    from superset.app import create_app

    app = create_app()
    with app.app_context():
        from superset import security_manager
        from superset.commands.dashboard.importers.dispatcher import ImportDashboardsCommand
        from superset.commands.importers.v1.utils import get_contents_from_bundle

        user = security_manager.find_user(username=username)
        if user is None:
            raise ValueError(f"no Superset user {username!r}")
        g.user = user
        with ZipFile(bundle) as archive:
            contents = get_contents_from_bundle(archive)
        contents, passwords = prepare_import(contents, env)
        # The same command `superset import-dashboards` runs, plus the passwords.
        ImportDashboardsCommand(contents, overwrite=True, passwords=passwords).run()


def main(argv):
    command = argv[1] if len(argv) > 1 else ""
    try:
        if command == "clickhouse-uri" and len(argv) == 2:
            print(clickhouse_uri())
        elif command == "metadata-uri" and len(argv) == 2:
            print(metadata_uri())
        elif command == "import-plan" and len(argv) == 3:
            contents, passwords = prepare_import(read_bundle(argv[2]))
            databases = {name: contents[name] for name in passwords}
            print(json.dumps({"databases": databases, "passwords": passwords}, indent=2))
        elif command == "import-dashboards" and len(argv) == 4:
            import_dashboards(argv[2], argv[3])
        else:
            print(__doc__.split("\n\n")[-1].rstrip(), file=sys.stderr)
            return 2
    except ValueError as e:
        print(f"shop_pulse_databases: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
