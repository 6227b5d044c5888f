#!/usr/bin/env bash
# Runs `keyship fulfil` on a scratch copy of the sample store, twice, and shows what it did:
# the commits it added to the store's history and the messages in the files channel's outbox.
#
#   demo/run.sh [SCRATCH_DIR]
#
# The project itself is never changed: the store is copied into SCRATCH_DIR (a new temporary
# folder by default), turned into a git repository with a bare remote beside it, and given the
# demo orders. The demo identity (demo/demo-identity.txt) decrypts the sample keys, which are
# invented.
set -euo pipefail

project=$(cd "$(dirname "$0")/.." && pwd)
scratch=${1:-$(mktemp -d "${TMPDIR:-/tmp}/keyship-demo.XXXXXX")}
mkdir -p "$scratch"
scratch=$(cd "$scratch" && pwd)
store="$scratch/store"
if [ -e "$store" ]; then
  echo "error: $store already exists; pass an empty folder" >&2
  exit 2
fi

"$project/.ci/packages"
command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"

echo "== Building keyship"
swift build --package-path "$project" --product keyship >/dev/null
keyship="$project/.build/debug/keyship"

echo "== Copying the sample store to $store"
mkdir -p "$store"
cp -R "$project/keyship.yaml" "$project/catalog" "$project/templates" "$project/keys" "$project/attachments" "$store/"
printf '# Channel data: buyers'"'"' data and plaintext keys, never committed.\n/data/\n' > "$store/.gitignore"

demo_git() { git -C "$store" -c user.name="Demo Operator" -c user.email="operator@example.com" "$@"; }
demo_git init -q -b main
demo_git add -A
demo_git commit -q -m "Set up the sample store" -m "Catalogue, templates and the first key batches."
git init -q --bare -b main "$scratch/remote.git"
demo_git remote add origin "$scratch/remote.git"
demo_git push -q -u origin main

mkdir -p "$store/data/tienda/inbox" "$store/data/facturas"
cp "$project/demo/orders/"*.json "$store/data/tienda/inbox/"
cp -R "$project/demo/invoices/"* "$store/data/facturas/"

export KEYSHIP_IDENTITY_FILE="$project/demo/demo-identity.txt"
export KEYSHIP_LANG=${KEYSHIP_LANG:-es}

for run in 1 2; do
  echo
  echo "== keyship fulfil (run $run)"
  status=0
  "$keyship" fulfil --store "$store" --channel tienda || status=$?
  echo "(exit code $status: 0 all done, 3 some orders need attention, 4 a channel did not answer)"
done

echo
echo "== git log of the store (newest first)"
git -C "$store" log --format='%h %an: %s' origin/main
echo
echo "== The last commit in full"
git -C "$store" log -1 --stat --format='%B' origin/main
echo "== Outbox of the tienda channel"
ls -l "$store/data/tienda/outbox"
echo
echo "Each .eml file is one message to a buyer, with the keys in clear: open them with a mail client or less."
echo "The store is in $store; its history is the audit trail (git -C $store log)."
