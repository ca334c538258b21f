#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Not a benchmark: where B3's route push spends its instructions.
# "bench/run profile-b3" copies the host's perf into the VM. For each tool
# (vpcpeerctl -b, ip -batch) and family, one profiled add of B3's routes
# (perf record -a on cpu-clock over the whole batch) and an unprofiled
# delete; prints each profile's split by object (the kernel, the tool,
# its libraries) and its top symbols.
# shellcheck source=lib.sh
. "$VPCPEER_TESTS/../bench/lib.sh"
# shellcheck source=routes.sh
. "$VPCPEER_TESTS/../bench/routes.sh"

# share REPORT PATTERN: percent of the samples in objects matching PATTERN.
share() {
	awk -v re="$2" '$2 ~ re { sub("%", "", $1); s += $1 } END { printf "%.2f\n", s }' "$1"
}

command -v perf >/dev/null || { echo "bench: no perf in the VM (bench/run profile-b3 copies it)" >&2; exit 1; }

for f in 4 6; do
	for tool in vpcpeerctl ip; do
		rep=$dir/$tool-$f
		PUSH_WRAP=(perf record -q -a -e cpu-clock -o "$dir/perf.data" --)
		push_batch "$tool" "$f" add
		PUSH_WRAP=()
		assert_eq "$(count "$f")" "$n" "IPv$f routes after $tool add"
		push_batch "$tool" "$f" del
		perf report -i "$dir/perf.data" --stdio --no-children --sort dso \
			--kallsyms=/proc/kallsyms -g none 2>/dev/null |
			grep -E '^ +[0-9.]+%' >"$rep.dso" || true
		perf report -i "$dir/perf.data" --stdio --no-children --sort dso,symbol \
			--kallsyms=/proc/kallsyms -g none 2>/dev/null |
			grep -E '^ +[0-9.]+%' >"$rep.sym" || true
		# bench/run passes on only the console lines that start "bench: "
		printf 'bench: === IPv%s add of %s routes by %s; by object:\n' "$f" "$n" "$tool" >&2
		sed -n '1,8s/^/bench: /p' "$rep.dso" >&2
		printf 'bench: top symbols:\n' >&2
		sed -n '1,30s/^/bench: /p' "$rep.sym" >&2
		note "v${f}_add_${tool}" "$(jq -nc \
			--argjson kernel "$(share "$rep.dso" 'kernel')" \
			--argjson libc "$(share "$rep.dso" '^libc')" \
			--argjson tool "$(share "$rep.dso" "^$tool\$")" \
			'{kernel_pct: $kernel, libc_pct: $libc, tool_pct: $tool}')"
	done
done
emit profile-b3
