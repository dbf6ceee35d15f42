#!/usr/bin/env bash
# Packs the dashboards' YAML sources (bundle/) into the ZIP that Superset imports (Dashboards >
# Import, or docker/superset/shop_pulse_databases.py import-dashboards; docs/dashboards.md):
#
#   superset/build-bundle.sh [OUTPUT]    # default: superset/dist/shop-pulse-dashboards.zip
#
# Superset strips the first folder of every entry, so the files go under one root folder. The ZIP
# is byte-for-byte the same for the same sources (sorted entries, fixed timestamps and modes, and
# stored rather than deflated, which would depend on the zlib version), so a rebuilt bundle only
# differs when a dashboard did.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/dist/shop-pulse-dashboards.zip}"
mkdir -p "$(dirname "$out")"

python3 - "$here/bundle" "$out" <<'PY'
import pathlib
import sys
import zipfile

source, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
files = sorted(p for p in source.rglob("*.yaml") if p.is_file())
if not (source / "metadata.yaml").is_file():
    sys.exit(f"{source}/metadata.yaml is missing")
with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as bundle:
    for path in files:
        entry = zipfile.ZipInfo(
            "shop-pulse-dashboards/" + path.relative_to(source).as_posix(),
            date_time=(1980, 1, 1, 0, 0, 0),
        )
        entry.external_attr = 0o644 << 16
        bundle.writestr(entry, path.read_bytes())
print(f"{out}: {len(files)} files")
PY
