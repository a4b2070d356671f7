#!/bin/bash
# Prepares a Debian 12 machine (as root) for the suites that run the integrations with their real
# clients (test/precommit.test.ts, test/npm-package.test.ts): the pre-commit framework (Debian's
# package, 3.0.4 on Debian 12) and git. npm comes with Node.js; the suites need the npm registry.
# Idempotent: installs only what is missing.
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "precommit/setup.sh: run as root" >&2; exit 2; }
need=()
for pkg in pre-commit git; do
  dpkg-query -W -f='${Status}' "$pkg" 2> /dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if ((${#need[@]})); then
  echo "precommit/setup.sh: installing ${need[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" > /dev/null
fi
echo "precommit/setup.sh: $(pre-commit --version), $(git --version)" >&2
