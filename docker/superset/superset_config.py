# Superset settings of the Docker stack; everything secret comes from the environment (.env).
import os

from shop_pulse_databases import metadata_uri

SECRET_KEY = os.environ["SUPERSET_SECRET_KEY"]
# Built from SUPERSET_DB_PASSWORD with the password percent-encoded, so any character works.
SQLALCHEMY_DATABASE_URI = metadata_uri()

# The Live KPIs dashboard refreshes every minute; results older than that are of no use to it.
DATA_CACHE_CONFIG = {
    "CACHE_TYPE": "SimpleCache",
    "CACHE_DEFAULT_TIMEOUT": 60,
}
