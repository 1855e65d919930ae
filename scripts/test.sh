#!/usr/bin/env bash
# Set up and run the test suite on a fresh machine (Python 3.11, Debian).
# Installs the system tools the tests use when they are missing (root only: headless
# Chromium for the HTML page, rapper as an independent RDF parser), then the package with its
# test extra, then runs pytest. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v rapper >/dev/null 2>&1 || need+=(raptor2-utils)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${need[*]} (apt-get)" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "warning: missing ${need[*]}; the browser and rapper tests will be skipped (they fail under CI=true)" >&2
  fi
fi

python -m pip install -q -e '.[test]'
exec python -m pytest "$@"
