#!/usr/bin/env bash
# The README's test command: installs what the tests need and is missing, then runs every test project.
# On a fresh Debian machine with only the .NET 10 SDK: Debian's chromium (tests/Browser.Tests drive it with
# Playwright for .NET through its executable path; Playwright's own browser downloads are never used);
# systemd for systemd-analyze, curl and iproute2 (tests/Deploy.Tests and the namespaced test in
# tests/Chaos.Tests; a fresh Debian has them, a slim container may not), with
# apt-get, as root or through sudo, and only when missing. Arguments go to `dotnet test` unchanged, for
# example `./test.sh -c Release --logger trx` (.ci/run) or `./test.sh --filter FullyQualifiedName~Core`.
# Exits with dotnet test's exit code; 2 when a missing package cannot be installed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

needed_packages=(chromium libstdc++6 systemd curl iproute2)
missing_packages=()
for package in "${needed_packages[@]}"; do
    if [[ "$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null)" != installed ]]; then
        missing_packages+=("$package")
    fi
done
if ((${#missing_packages[@]} > 0)); then
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "test.sh: missing ${missing_packages[*]} and there is no apt-get here; install them, then run again" >&2
        exit 2
    fi
    as_root=()
    if (($(id -u) != 0)); then
        if ! command -v sudo >/dev/null 2>&1; then
            echo "test.sh: missing ${missing_packages[*]}; run as root or install sudo (apt-get install -y ${missing_packages[*]})" >&2
            exit 2
        fi
        as_root=(sudo)
    fi
    echo "test.sh: installing what the tests need: ${missing_packages[*]}"
    if ! { "${as_root[@]}" apt-get update \
        && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing_packages[@]}"; }; then
        echo "test.sh: could not install ${missing_packages[*]}" >&2
        exit 2
    fi
fi
/usr/bin/chromium --version >/dev/null 2>&1 || echo "test.sh: /usr/bin/chromium does not run: tests/Browser.Tests will fail" >&2

exec dotnet test DuckDuckGoose.sln "$@"
