#!/usr/bin/env bash
# bench/only/vault.sh: speed of the vault on 10,000 secrets with an X25519 identity.
#   hush secret get NAME --reveal   (open, verify the MAC over every field, decrypt one value,
#                                    append an audit entry)
#   hush secret set NAME            (open, verify, encrypt, rewrite the file: fsync + rename + fsync dir)
#   age -d                          (the same 10,000 values as one age file, X25519 identity)
# Prints one `tool=<name> ms=<median wall> cpu_ms=<mean user+system>` line per measurement (the
# machine is shared: wall times move with the load, CPU time much less; cpu_ms needs hyperfine).
# Uses hyperfine when installed (10 runs, median), else a timed loop. Target: get and set each
# < 100 ms wall.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
hush=${HUSH:-$repo/build/cli/hush}
count=${HUSH_BENCH_SECRETS:-10000}
runs=${HUSH_BENCH_RUNS:-10}
[[ -x $hush ]] || "$repo/scripts/build.sh" "$repo/build" >/dev/null
command -v age >/dev/null || { echo "bench/only/vault.sh: 'age' is not installed (apt install age)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/hush-bench-vault.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
export HOME=$work/home HUSH_IDENTITY_FILE=$work/identity
unset HUSH_IDENTITY HUSH_PASSPHRASE

"$hush" -q vault identity new --output "$HUSH_IDENTITY_FILE" >/dev/null
"$hush" -q vault init
# 10,000 random 32-byte values, imported in one vault write.
python3 - "$count" > values.env <<'PY'
import secrets, sys
for i in range(int(sys.argv[1])):
    print(f"BENCH_SECRET_{i}={secrets.token_urlsafe(32)}")
PY
"$hush" -q secret import --dotenv values.env
age-keygen -o age.key 2>/dev/null
age -r "$(age-keygen -y age.key)" -o values.age values.env
rm values.env
printf 'vault: %s bytes, %s secrets\n' "$(stat -c %s .hush/vault.yaml)" "$count" >&2

name=BENCH_SECRET_$((count / 2))
new_value='head -c 24 /dev/urandom | base64 > value.txt'
get_cmd="$hush secret get $name --reveal"
set_cmd="$hush -q secret set $name --from-file value.txt"
age_cmd="age -d -i age.key values.age"

median_ms() {  # name, prepare command ('' for none), command
  local name=$1 prepare=$2 cmd=$3
  if command -v hyperfine >/dev/null; then
    local args=(--runs "$runs" --warmup 1 --style none --export-json "$name.json" --output null)
    [[ -n $prepare ]] && args+=(--prepare "$prepare")
    hyperfine "${args[@]}" "$cmd" >/dev/null
    python3 - "$name" <<'PY'
import json, sys
name = sys.argv[1]
result = json.load(open(f"{name}.json"))["results"][0]
print(f"tool={name} ms={result['median'] * 1000:.1f} cpu_ms={(result['user'] + result['system']) * 1000:.1f}")
PY
  else
    local times=()
    for ((i = 0; i < runs; i++)); do
      [[ -n $prepare ]] && eval "$prepare"
      local start=$(date +%s%N)
      eval "$cmd" >/dev/null
      times+=($(( ($(date +%s%N) - start) / 1000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v name="$name" '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "tool=%s ms=%.1f\n", name, m/1000}'
  fi
}

median_ms hush-get '' "$get_cmd"
median_ms hush-set "$new_value" "$set_cmd"
median_ms age-decrypt '' "$age_cmd"
median_ms process-start '' "$hush --version"
