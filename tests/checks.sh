# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# shellcheck disable=SC2154 # top and only are the caller's
#
# The counting of tests/run and tests/fast, sourced by both: "check NAME
# CMD..." runs one counted test, its output in a log under build/logs,
# shown on failure; "report_cases" counts the cases of a script that
# reports them (tests/lib.sh's tcase); "summary" prints the failures and
# "N passed, N failed" over both. The caller sets $top, and $only to run
# only the checks whose name has it.

logs=$top/build/logs
mkdir -p "$logs"
passed=0
failed=0
failures=()
details=()	# details[i]: what the closing summary shows of failures[i]

# count_failure NAME DETAIL: count a failure, and what to show of it at
# the end (the summary is what a truncated CI log keeps).
count_failure() {
	failed=$((failed + 1))
	failures+=("$1")
	details+=("$2")
}

# telling_lines TEXT: its lines that say what failed, then its last ones.
telling_lines() {
	grep -aE 'FAILED at|assertion failed|failure of|not within|not added within|timed out|BUG|WARNING|skipping the rest' <<<"$1" |
		tail -n 6
	tail -n 10 <<<"$1"
}

# report NAME LOG RC SECONDS: count and print how check NAME went.
report() {
	local name=$1 log=$2 rc=$3 secs=$4

	printf '%-60s ' "$name"
	if [[ $rc -eq 0 ]]; then
		passed=$((passed + 1))
		printf 'PASS (%ds)\n' "$secs"
	else
		count_failure "$name" "$(telling_lines "$(<"$log")")"
		printf 'FAIL (%ds, exit %d, log %s)\n' "$secs" "$rc" "${log#"$top"/}"
		tail -n 30 "$log" | sed 's/^/    | /'
	fi
}

# report_cases NAME RC OUTPUT: count the cases of script NAME, which
# exited RC, from the "ok N - WHAT" and "not ok N - WHAT" lines of its
# OUTPUT (tests/lib.sh's tcase), and print how it went. A failed case is
# named "NAME: WHAT" and shown by the telling lines of its own output. A
# script that reports no case counts as one; one that fails outside its
# cases (set up, crashed, kernel splat, timed out) counts one failure
# more, unless a case of it failed already.
report_cases() {
	local name=$1 rc=$2 line chunk='' ok=0 nok=0 bad=()

	while IFS= read -r line; do
		line=${line%$'\r'}
		if [[ $line =~ ^ok\ [0-9]+\ -\ (.*)$ ]]; then
			ok=$((ok + 1))
			chunk=
		elif [[ $line =~ ^not\ ok\ [0-9]+\ -\ (.*)$ ]]; then
			nok=$((nok + 1))
			bad+=("${BASH_REMATCH[0]}")
			count_failure "$name: ${BASH_REMATCH[1]}" "$(telling_lines "$chunk")"
			chunk=
		else
			chunk+=$line$'\n'
		fi
	done <<<"$3"
	passed=$((passed + ok))
	if ((ok + nok == 0)); then
		if [[ $rc == 0 ]]; then
			passed=$((passed + 1))
			printf '%-60s PASS\n' "$name"
			return
		fi
		count_failure "$name" "$(telling_lines "$3")"
		printf '%-60s FAIL (exit %s)\n' "$name" "$rc"
		return
	fi
	if [[ $rc == 0 && $nok == 0 ]]; then
		printf '%-60s PASS (%d cases)\n' "$name" "$ok"
		return
	fi
	if ((nok == 0)); then
		count_failure "$name (outside its cases)" "$(telling_lines "$chunk")"
		printf '%-60s FAIL (exit %s, %d cases passed, then it failed outside them)\n' \
			"$name" "$rc" "$ok"
		return
	fi
	printf '%-60s FAIL (exit %s, %d of %d cases failed)\n' "$name" "$rc" "$nok" $((ok + nok))
	printf '    | %s\n' "${bad[@]}"
}

# log_of NAME: where check NAME's output goes.
log_of() {
	echo "$logs/${1//[^A-Za-z0-9.+-]/_}.log"
}

# wanted NAME: is test NAME among those --only PATTERN selects (all without)?
wanted() {
	[[ -z ${only:-} || $1 == *"$only"* ]]
}

# check NAME CMD...: one counted test; its output goes to a log, shown on failure.
check() {
	local name=$1 log start rc
	shift
	wanted "$name" || return 0
	log=$(log_of "$name")
	start=$SECONDS
	"$@" >"$log" 2>&1
	rc=$?
	report "$name" "$log" "$rc" $((SECONDS - start))
	return 0
}

# check_bg NAME CMD...: as check, but run in the background, beside at
# most $lanes - 1 others (default 2 in all); check_wait waits for them
# and reports them in the order they were started.
bg_names=()
bg_pids=()
check_bg() {
	local name=$1 log pid running
	shift
	wanted "$name" || return 0
	log=$(log_of "$name")
	for (( ; ; )); do
		running=0
		for pid in "${bg_pids[@]}"; do
			kill -0 "$pid" 2>/dev/null && running=$((running + 1))
		done
		[[ $running -ge ${lanes:-2} ]] || break
		wait -n "${bg_pids[@]}" 2>/dev/null
	done
	check_rc "$name" "$@" &
	bg_pids+=($!)
	bg_names+=("$name")
}

check_wait() {
	local name

	[[ ${#bg_pids[@]} -eq 0 ]] || wait "${bg_pids[@]}" 2>/dev/null
	for name in "${bg_names[@]}"; do
		check_report "$name"
	done
	bg_names=()
	bg_pids=()
}

# check_rc NAME CMD...: run check NAME but only record how it went, for
# check_report NAME to count: for a check in a background job, which
# cannot count into this shell's totals.
check_rc() {
	local name=$1 log start
	shift
	log=$(log_of "$name")
	start=$SECONDS
	"$@" >"$log" 2>&1
	echo "$? $((SECONDS - start))" >"$log.rc"
}

# check_report NAME: count and print what check_rc NAME recorded.
check_report() {
	local log rc secs

	log=$(log_of "$1")
	read -r rc secs 2>/dev/null <"$log.rc" || { rc=1; secs=0; }
	rm -f "$log.rc"
	report "$1" "$log" "$rc" "$secs"
}

# summary: the failures, then "N passed, N failed"; false if any failed.
summary() {
	local i

	echo
	if [[ $failed -gt 0 ]]; then
		echo "failed:"
		for i in "${!failures[@]}"; do
			echo "  ${failures[i]}"
			# shellcheck disable=SC2001 # each line, not the first
			[[ -z ${details[i]} ]] || sed 's/^/    | /' <<<"${details[i]}"
		done
	fi
	echo "$passed passed, $failed failed"
	[[ $failed -eq 0 ]]
}
