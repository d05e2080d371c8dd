#!/usr/bin/env bash
# GPU check, run on the lent GPU machine (no Node.js, no network) from the repository root:
#   bash e2e/gpu/check.sh SWEEP_FILE [TIMEOUT_SECONDS]
# Unpacks the bundle made by pack.sh, starts Anneal (API + scheduler on embedded PGlite and a
# local nats-server), one `anneal agent --gpus all`, runs the sweep, samples nvidia-smi, and
# writes everything a closing note needs under $OUT.
set -uo pipefail
sweep_file=${1:?sweep file}
limit=${2:-360}
out=${OUT:-/tmp/anneal-gpu-out}
mkdir -p "$out"
work=$(mktemp -d)
# Stop everything this script started (the API, the agent, nvidia-smi sampling) when it ends.
# The agent goes first, while NATS is still there for its goodbye; then the stack. Whatever is
# left after 10 seconds is killed, so the next check finds port 4100 and the GPU free.
agent_pid=
cleanup() {
  [ -n "$agent_pid" ] && kill "$agent_pid" 2>/dev/null
  for _ in $(seq 1 20); do [ -n "$agent_pid" ] && kill -0 "$agent_pid" 2>/dev/null || break; sleep 0.5; done
  kill $(jobs -p) 2>/dev/null
  for _ in $(seq 1 20); do [ -z "$(jobs -rp)" ] && break; sleep 0.5; done
  kill -9 $(jobs -rp) 2>/dev/null
  wait 2>/dev/null
}
trap cleanup EXIT
tar -C "$work" -xJf e2e/gpu/.bundle/anneal-gpu.tar.xz
app="$work/anneal"
export PATH="$app/bin:$PATH" ANNEAL_HOME="$work/home" ANNEAL_LOG_LEVEL=warn ANNEAL_API_PORT=4100
anneal() { node "$app/services/cli/bin/anneal.js" --server http://127.0.0.1:4100 "$@"; }

nvidia-smi --query-gpu=index,name,memory.total,driver_version --format=csv > "$out/gpus.csv" 2>&1
python3 -c 'import torch; print(torch.__version__, torch.cuda.is_available(), torch.cuda.device_count())' > "$out/torch.txt" 2>&1

# Background jobs run node itself (not the shell function, whose subshell would take the
# trap's SIGTERM and leave node running, holding port 4100 for the next check).
node "$app/services/cli/bin/anneal.js" --server http://127.0.0.1:4100 up --no-web --agents 0 > "$out/up.log" 2> "$out/up.err" &
for _ in $(seq 1 120); do [ -s "$ANNEAL_HOME/admin-key" ] && break; sleep 0.5; done
export ANNEAL_API_KEY=$(cat "$ANNEAL_HOME/admin-key")
for _ in $(seq 1 120); do curl -fs http://127.0.0.1:4100/health >/dev/null 2>&1 && break; python3 -c 'import urllib.request; urllib.request.urlopen("http://127.0.0.1:4100/health")' 2>/dev/null && break; sleep 0.5; done
# The agent gets an agent token (not the admin key), in a file only root can read.
(umask 077; anneal key create --role agent --pool default --name gpu-check | tail -n 1 > "$ANNEAL_HOME/agent-token")
# As root the agent runs trainers as nobody, who must be able to pass through to its work dir.
chmod 711 "$work" "$ANNEAL_HOME"
cd "$app" # relative `program:` paths in the example sweeps resolve from here
# Trainers run as nobody. Where nobody cannot reach the Python that holds torch (one under /root,
# say), the check would measure nothing: it falls back to root then, and says so in trainer-user.txt.
interpreter=$(command -v python3)
trainer_user=nobody
if ! "$interpreter" -c 'import os; os.setgid(65534); os.setuid(65534); import torch, transformers, peft' > "$out/trainer-user.txt" 2>&1; then
  trainer_user=root
fi
echo "trainers run as $trainer_user with $interpreter" >> "$out/trainer-user.txt"
node "$app/services/cli/bin/anneal.js" --server http://127.0.0.1:4100 agent --token-file "$ANNEAL_HOME/agent-token" --gpus all --slots "${AGENT_SLOTS:-1}" --interpreter "$interpreter" --trainer-user "$trainer_user" > "$out/agent.log" 2> "$out/agent.err" &
agent_pid=$!
sleep 2
anneal project create gpu-check > "$out/cli.log" 2>&1
# CPU seconds Anneal's own processes (API, scheduler, NATS, agent; not the trainers) use while the
# sweep runs: the platform's cost, which wall-clock comparisons on a busy machine cannot isolate.
platform_cpu() { ps -eo times=,args= | awk -v app="$app" 'index($0, app) && !/python/ {s += $1} END {print s + 0}'; }
cpu_start=$(platform_cpu)
start=$(date +%s)
anneal sweep create -f "$sweep_file" >> "$out/cli.log" 2>&1
sweep_id=$(grep -o 'created sweep [^ ]* ([0-9a-f-]*)' "$out/cli.log" | sed 's/.*(\(.*\))/\1/')
nvidia-smi --query-gpu=timestamp,index,utilization.gpu,memory.used --format=csv,noheader -l 1 > "$out/nvidia-smi.csv" 2>&1 &
smi=$!
status=RUNNING
while [ $(( $(date +%s) - start )) -lt "$limit" ]; do
  status=$(anneal sweep ls | awk -v id="$sweep_id" '$1 == id {print $4}')
  case "$status" in COMPLETED|STOPPED|FAILED) break ;; esac
  sleep 2
done
end=$(date +%s)
cpu_end=$(platform_cpu)
echo "{\"platform_cpu_seconds\": $(( cpu_end - cpu_start ))}" > "$out/platform-cpu.json"
# Cut off at the limit: the sweep is stopped, so its running trials save and end (they are counted
# as they stood at the limit, in wall_seconds), and the next check finds the GPU free.
case "$status" in
  COMPLETED|STOPPED|FAILED) ;;
  *) anneal sweep stop "$sweep_id" >> "$out/cli.log" 2>&1
     for _ in $(seq 1 20); do
       running=$(anneal sweep watch "$sweep_id" --once --top 0 2>/dev/null | grep -o '[0-9]* running' | cut -d' ' -f1)
       [ "${running:-0}" = 0 ] && break; sleep 1
     done ;;
esac
kill $smi 2>/dev/null
echo "{\"sweep\": \"$sweep_id\", \"status\": \"$status\", \"wall_seconds\": $(( end - start ))}" > "$out/summary.json"
anneal sweep watch "$sweep_id" --once --top 50 > "$out/leaderboard.txt" 2>&1
SWEEP_ID="$sweep_id" python3 - > "$out/sweep.json" 2>&1 <<'PY'
import json, os, urllib.request
q = """query($id: ID!) { agents { id gpus { index name memoryMiB } slots }
  sweep(id: $id) { status trialCounts { total completed pruned failed }
    trials(first: 200, orderBy: NUMBER) { edges { node { number status objective parentTrialId restoreStep createdAt startedAt finishedAt error logTail events { type data }
      metrics(keys: ["system/gpu0/util", "system/gpu0/mem_mib"]) { key points { step value } } } } }
    decisions(first: 200) { trialNumber data } } }"""
req = urllib.request.Request("http://127.0.0.1:4100/graphql", json.dumps({"query": q, "variables": {"id": os.environ["SWEEP_ID"]}}).encode(),
  {"content-type": "application/json", "authorization": "Bearer " + os.environ["ANNEAL_API_KEY"]})
print(urllib.request.urlopen(req).read().decode())
PY
cat "$out/summary.json"
