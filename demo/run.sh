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
export KEYSHIP_LANG=${KEYSHIP_LANG:-es}
# say SPANISH ENGLISH: prints the text in the operator's language (KEYSHIP_LANG, Spanish by default).
say() { if [ "$KEYSHIP_LANG" = en ]; then echo "$2"; else echo "$1"; fi; }
scratch=${1:-$(mktemp -d "${TMPDIR:-/tmp}/keyship-demo.XXXXXX")}
mkdir -p "$scratch"
scratch=$(cd "$scratch" && pwd)
store="$scratch/store"
if [ -e "$store" ]; then
  say "error: $store ya existe; indica una carpeta vacía" "error: $store already exists; pass an empty folder" >&2
  exit 2
fi

"$project/.ci/packages"
command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"

say "== Compilando keyship" "== Building keyship"
swift build --package-path "$project" --product keyship >/dev/null
keyship="$project/.build/debug/keyship"

say "== Copiando la tienda de ejemplo en $store" "== Copying the sample store to $store"
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
for run in 1 2; do
  echo
  say "== keyship fulfil (ejecución $run)" "== keyship fulfil (run $run)"
  status=0
  "$keyship" fulfil --store "$store" --channel tienda || status=$?
  say "(código de salida $status: 0 todo hecho, 3 hay pedidos que requieren atención, 4 un canal no respondió)" \
      "(exit code $status: 0 all done, 3 some orders need attention, 4 a channel did not answer)"
done

echo
say "== git log de la tienda (lo más reciente primero)" "== git log of the store (newest first)"
git -C "$store" log --format='%h %an: %s' origin/main
echo
say "== El último commit completo" "== The last commit in full"
git -C "$store" log -1 --stat --format='%B' origin/main
say "== Carpeta de salida del canal tienda" "== Outbox of the tienda channel"
ls -l "$store/data/tienda/outbox"
echo
say "Cada fichero .eml es un mensaje para un cliente, con las claves en claro: ábrelo con un cliente de correo o con less." \
    "Each .eml file is one message to a buyer, with the keys in clear: open them with a mail client or less."
say "La tienda está en $store; su historial es el historial de auditoría (git -C $store log)." \
    "The store is in $store; its history is the audit trail (git -C $store log)."
