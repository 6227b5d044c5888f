#!/usr/bin/env bash
# Runs `keyship fulfil` for the sample store's PcComponentes channel against a fake Mirakl
# seller API on 127.0.0.1, twice, and shows what changed on the marketplace and in the store.
#
#   demo/mirakl.sh [SCRATCH_DIR]
#
# The fake starts with the orders of demo/mirakl-seed.json: two paid orders (SHIPPING), one the
# seller accepted earlier (WAITING_DEBIT_PAYMENT), one new licence order and one new mixed order
# whose physical offer is in no catalogue product (WAITING_ACCEPTANCE). It debits accepted orders
# at once (--auto-debit). Between the two runs the buyer of the earlier accepted order pays. Each
# run takes about 15 seconds, most of it the wait before the stock import's status check.
#
# The project itself is never changed: the store is copied into SCRATCH_DIR (a new temporary
# folder by default) with the channel's base_url pointed at the fake. The fake is stopped when
# the script ends, however it ends.
set -euo pipefail

project=$(cd "$(dirname "$0")/.." && pwd)
export KEYSHIP_LANG=${KEYSHIP_LANG:-es}
# say SPANISH ENGLISH: prints the text in the operator's language (KEYSHIP_LANG, Spanish by default).
say() { if [ "$KEYSHIP_LANG" = en ]; then echo "$2"; else echo "$1"; fi; }
scratch=${1:-$(mktemp -d "${TMPDIR:-/tmp}/keyship-mirakl-demo.XXXXXX")}
mkdir -p "$scratch"
scratch=$(cd "$scratch" && pwd)
store="$scratch/store"
if [ -e "$store" ]; then
  say "error: $store ya existe; indica una carpeta vacía" "error: $store already exists; pass an empty folder" >&2
  exit 2
fi

if [ -x "$project/.ci/packages" ]; then "$project/.ci/packages"; fi
command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"
python=$(command -v /usr/bin/python3 || command -v python3 || true)
if [ -z "$python" ]; then
  say "error: hace falta python3 para leer el estado del marketplace simulado; instálalo (apt-get install python3)" \
      "error: python3 is needed to read the fake's state; install it (apt-get install python3)" >&2
  exit 2
fi

say "== Compilando keyship y fake-mirakl" "== Building keyship and fake-mirakl"
swift build --package-path "$project" --product keyship >/dev/null
swift build --package-path "$project" --product fake-mirakl >/dev/null
bin=$(swift build --package-path "$project" --show-bin-path)

# The fake's key: any text works, since the fake runs on this machine only.
export KEYSHIP_PCC_API_KEY="demo-pcc-key-not-secret"

fake_pid=""
stop_fake() {
  [ -n "$fake_pid" ] || return 0
  kill -TERM "$fake_pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "$fake_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$fake_pid" 2>/dev/null || true
  wait "$fake_pid" 2>/dev/null || true
  fake_pid=""
}
trap stop_fake EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "== Arrancando fake-mirakl con demo/mirakl-seed.json" "== Starting fake-mirakl with demo/mirakl-seed.json"
"$bin/fake-mirakl" --api-key "$KEYSHIP_PCC_API_KEY" --seed "$project/demo/mirakl-seed.json" --auto-debit \
  --stock-import-polls 1 >"$scratch/fake-mirakl.url" 2>"$scratch/fake-mirakl.log" &
fake_pid=$!
fake_url=""
for _ in $(seq 1 100); do
  fake_url=$(head -n 1 "$scratch/fake-mirakl.url" 2>/dev/null || true)
  [ -n "$fake_url" ] && break
  kill -0 "$fake_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$fake_url" ]; then
  say "error: fake-mirakl no ha arrancado:" "error: fake-mirakl did not start:" >&2
  cat "$scratch/fake-mirakl.log" >&2
  exit 1
fi
say "fake-mirakl escucha en $fake_url" "fake-mirakl listens on $fake_url"

# Calls a control endpoint of the fake (METHOD PATH) and prints the response body. Proxies from
# the environment are ignored: the fake is on this machine.
fake_call() {
  "$python" - "$1" "$fake_url$2" <<'PYTHON'
import sys
import urllib.request

method, url = sys.argv[1], sys.argv[2]
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
request = urllib.request.Request(url, data=b"" if method == "POST" else None, method=method)
with opener.open(request, timeout=10) as response:
    sys.stdout.write(response.read().decode())
PYTHON
}

# Prints the fake's state without any message body, because the bodies hold the keys.
summary_script=$(cat <<'PYTHON'
import json
import sys
from collections import Counter

spanish = sys.argv[1] != "en"
def say(es, en):
    print(es if spanish else en)

state = json.load(sys.stdin)
messages = Counter(thread["order_id"] for thread in state["threads"] if thread["author"] == "shop")
say("Pedidos (estado en Mirakl, líneas, mensajes de la tienda):", "Orders (Mirakl state, lines, messages from the shop):")
for order in state["orders"]:
    lines = ", ".join(f"{line['offer_sku']} x{line['quantity']}" for line in order["order_lines"])
    count = messages[order["order_id"]]
    say(f"  {order['order_id']}  {order['order_state']:<22}  {lines:<30}  mensajes: {count}",
        f"  {order['order_id']}  {order['order_state']:<22}  {lines:<30}  messages: {count}")
say("Mensajes a los clientes (asunto y adjuntos; el texto lleva las claves y no se muestra):",
    "Messages to buyers (subject and attachments; the bodies hold the keys and are not shown):")
for thread in state["threads"]:
    attachments = ", ".join(attachment["name"] for attachment in thread["attachments"])
    say(f"  {thread['order_id']}  \"{thread['topic']}\"  adjuntos: {attachments or 'ninguno'}",
        f"  {thread['order_id']}  \"{thread['topic']}\"  attachments: {attachments or 'none'}")
say("Stock de las ofertas (la última importación):", "Offer quantities (the last stock import):")
for offer in state["offers"]:
    print(f"  {offer['shop_sku']}: {offer['quantity']}")
calls = ", ".join(f"{api} {count}" for api, count in state["calls"].items() if count)
say(f"Llamadas a la API: {calls}", f"API calls: {calls}")
PYTHON
)
show_marketplace() {
  fake_call GET /_fake/state | "$python" -c "$summary_script" "$KEYSHIP_LANG"
}

echo
say "== Copiando la tienda de ejemplo en $store, con base_url apuntando al marketplace simulado" \
    "== Copying the sample store to $store, with base_url pointed at the fake"
mkdir -p "$store"
cp -R "$project/keyship.yaml" "$project/catalog" "$project/templates" "$project/keys" "$project/attachments" "$store/"
printf '# Channel data: buyers'"'"' data and plaintext keys, never committed.\n/data/\n' > "$store/.gitignore"
sed -i "s#base_url: \"https://pccomponentes-prod.mirakl.net\"#base_url: \"$fake_url\"#" "$store/keyship.yaml"
if ! grep -q "base_url: \"$fake_url\"" "$store/keyship.yaml"; then
  say "error: no se encuentra la línea base_url de pccomponentes en keyship.yaml" \
      "error: the pccomponentes base_url line of keyship.yaml was not found" >&2
  exit 1
fi

demo_git() { git -C "$store" -c user.name="Demo Operator" -c user.email="operator@example.com" "$@"; }
demo_git init -q -b main
demo_git add -A
demo_git commit -q -m "Set up the sample store" -m "Catalogue, templates and the first key batches."
git init -q --bare -b main "$scratch/remote.git"
demo_git remote add origin "$scratch/remote.git"
demo_git push -q -u origin main

echo
say "== El marketplace antes de la primera ejecución" "== The marketplace before the first run"
show_marketplace

export KEYSHIP_IDENTITY_FILE="$project/demo/demo-identity.txt"
export KEYSHIP_LANG=${KEYSHIP_LANG:-es}

for run in 1 2; do
  if [ "$run" -eq 2 ]; then
    echo
    say "== El cliente de PCC-7003-A paga (POST /_fake/orders/PCC-7003-A/pay)" \
        "== The buyer of PCC-7003-A pays (POST /_fake/orders/PCC-7003-A/pay)"
    fake_call POST /_fake/orders/PCC-7003-A/pay
  fi
  echo
  say "== keyship fulfil --channel pccomponentes (ejecución $run)" "== keyship fulfil --channel pccomponentes (run $run)"
  say "(la sincronización de stock espera 15 s antes de consultar la importación, porque Mirakl admite una consulta cada 15 s)" \
      "(the stock sync waits 15 s before it checks the import's status, as Mirakl allows one check every 15 s)"
  status=0
  "$bin/keyship" fulfil --store "$store" --channel pccomponentes || status=$?
  say "(código de salida $status: 0 todo hecho, 3 hay pedidos que requieren atención, 4 un canal no respondió)" \
      "(exit code $status: 0 all done, 3 some orders need attention, 4 a channel did not answer)"
done

echo
say "== El marketplace después de la segunda ejecución" "== The marketplace after the second run"
show_marketplace

echo
say "== git log de la tienda (lo más reciente primero)" "== git log of the store (newest first)"
git -C "$store" log --format='%h %an: %s' origin/main
echo
say "Los pedidos entregados siguen abiertos hasta que la factura del vendedor está en data/facturas/pccomponentes/<pedido>.pdf" \
    "Delivered orders stay open until the seller's invoice is in data/facturas/pccomponentes/<order>.pdf"
say "(invoices.wait_days en keyship.yaml). PCC-7005-A está retenido: su oferta PCC-30001 no corresponde a ningún producto del catálogo." \
    "(invoices.wait_days in keyship.yaml). PCC-7005-A is held: its offer PCC-30001 is in no catalogue product."
say "La tienda está en $store; su historial es el historial de auditoría (git -C $store log)." \
    "The store is in $store; its history is the audit trail (git -C $store log)."
