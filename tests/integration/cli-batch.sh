#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vpcpeerctl -b FILE and -b - (standard input), with and without -force:
# comments, blank lines and quotes; show commands; route lines pipelined
# yet seen in order by the lines around them; a bad line in the middle
# (refused by the kernel, refused by vpcpeerctl's own checks, bad usage)
# stops the batch there, the lines before it done and none after it, or
# with -force is reported and skipped; errors as "FILE:LINE: message";
# exit 1 for a refusal, 2 for bad usage. Every line is checked before any
# runs: a bad one (bad usage, a route given twice) is reported with every
# other bad one, and nothing runs; with -force the bad lines are skipped.
# ip -batch's syntax: "\" continuations, CRLF; NUL bytes and a UTF-8 BOM
# refused. A thousand routes in and out, timed against "ip -batch" loading
# the same routes.
# shellcheck source=../lib.sh
. "$VPCPEER_TESTS/lib.sh"
# shellcheck source=../fixtures.sh
. "$VPCPEER_TESTS/fixtures.sh"

run modprobe vpcpeer
plan_vpc a 1
plan_vpc b 2
run vpcpeerctl peering add ab a b
dir=$(mktemp -d)

# batch FILE [OPTIONS...]: run FILE as a batch; sets OUT, ERR and RC.
batch() {
	local file=$1
	shift
	RC=0
	forget_state	# as run() does: the state may change
	printf '+ vpcpeerctl %s -b %s\n' "$*" "$file" >&2
	vpcpeerctl "$@" -b "$file" >"$dir/out" 2>"$dir/err" || RC=$?
	OUT=$(<"$dir/out")
	ERR=$(<"$dir/err")
	printf '%s\n' "$OUT" "$ERR" >&2
}

# A batch that works: comments, blank lines, quotes, other objects, and
# route lines that rely on the lines before them.
cat >"$dir/ok" <<'EOF'
# set up c and peer it

  vpc add c vrf "vrf-c" cidr 10.3.0.0/16   # trailing comment
peering add 'bc' b c
route add b 10.3.0.0/16 peering bc
route add c 10.2.0.0/16 peering bc metric 7
vpc cidr add c fd00:3::/48
route add b fd00:3::/48 peering bc
route show c
EOF
test_good_batch() {
	make_vrf c 103
	batch "$dir/ok"
	assert_eq "$RC" 0 "exit status of a good batch"
	assert_eq "$ERR" "" "stderr of a good batch"
	assert_eq "$OUT" "c 10.2.0.0/16 peering bc metric 7 dev bc-b vrf vrf-c table 103" "route show in a batch"
	assert_eq "$(routes)" "b 10.3.0.0/16 bc 0
b fd00:3::/48 bc 1024
c 10.2.0.0/16 bc 7" "routes after the good batch"
}
tcase_or_stop "a good batch: comments, blank lines, quotes, lines building on lines" test_good_batch

# Show commands print, in order, JSON documents with -j.
test_show_batch() {
	printf 'vpc show c\npeering show bc\nroute show b\n' >"$dir/show"
	batch "$dir/show" -j
	assert_eq "$RC" 0 "exit status of a show batch"
	assert_eq "$(jq -s -c 'map(.[0] | .name // .dst)' <<<"$OUT")" '["c","bc","10.3.0.0/16"]' \
		"three JSON documents"
}
tcase "show commands print JSON documents, in order" test_show_batch

# A route given twice in the file (lines 1 and 3): found before anything
# runs, nothing done.
cat >"$dir/twice" <<'EOF'
route add a 10.2.1.0/24 peering ab
route add a 10.2.2.0/24 peering ab
route add a 10.2.1.0/24 peering ab metric 0
EOF
test_twice() {
	batch "$dir/twice"
	assert_eq "$RC" 1 "exit status, a route twice in the file"
	assert_eq "$ERR" "vpcpeerctl: $dir/twice:3: the route of vpc \"a\" to 10.2.1.0/24 with metric 0 is already added by line 1" \
		"a route twice in the file"
	assert_eq "$(routes a)" "" "nothing ran"
}
tcase_or_stop "a route given twice is found before anything runs" test_twice

# Kernel refusal in the middle: line 3's route is there already.
run vpcpeerctl route add a 10.2.8.0/24 peering ab
cat >"$dir/dup" <<'EOF'
route add a 10.2.1.0/24 peering ab
route add a 10.2.2.0/24 peering ab
route add a 10.2.8.0/24 peering ab
# after the bad line
route add a 10.2.3.0/24 peering ab
vpc cidr add a 10.11.0.0/16
EOF
test_refused_line() {
	batch "$dir/dup"
	assert_eq "$RC" 1 "exit status, refused line"
	assert_eq "$ERR" "vpcpeerctl: $dir/dup:3: vpc \"a\" (vrf vrf-a, table 101) already has a route to 10.2.8.0/24 with metric 0" \
		"the refused line's message"
	# lines 1 and 2 took effect, 5 and 6 did not
	assert_eq "$(routes a)" "a 10.2.1.0/24 ab 0
a 10.2.2.0/24 ab 0
a 10.2.8.0/24 ab 0" "routes after the refused line"
	assert_eq "$(vpcpeerctl -j vpc show a | jq -c '.[0].cidrs')" '["10.1.0.0/16","fd00:1::/48"]' \
		"line 6 did not run"
	# With -force: every line runs; 1 and 2 now fail too (they exist).
	batch "$dir/dup" -force
	assert_eq "$RC" 1 "exit status, -force"
	assert_eq "$ERR" "vpcpeerctl: $dir/dup:1: vpc \"a\" (vrf vrf-a, table 101) already has a route to 10.2.1.0/24 with metric 0
vpcpeerctl: $dir/dup:2: vpc \"a\" (vrf vrf-a, table 101) already has a route to 10.2.2.0/24 with metric 0
vpcpeerctl: $dir/dup:3: vpc \"a\" (vrf vrf-a, table 101) already has a route to 10.2.8.0/24 with metric 0" \
		"messages with -force"
	assert_eq "$(routes a)" "a 10.2.1.0/24 ab 0
a 10.2.2.0/24 ab 0
a 10.2.3.0/24 ab 0
a 10.2.8.0/24 ab 0" "routes after -force"
	run vpcpeerctl route del a 10.2.8.0/24 peering ab
	assert_contains "$(vpcpeerctl vpc show a)" "cidr 10.11.0.0/16"
	run vpcpeerctl vpc cidr del a 10.11.0.0/16
}
tcase_or_stop "a refused line stops the batch; -force reports it and goes on" test_refused_line

# Deletes undone: line 2 fails (no such route) after line 3 was sent in the
# same message; line 3's route comes back with its metric.
run vpcpeerctl route add a 10.2.4.0/24 peering ab metric 9
cat >"$dir/del" <<'EOF'
route del a 10.2.1.0/24 peering ab
route del a 10.2.9.0/24 peering ab
route del a 10.2.4.0/24 peering ab
EOF
test_delete_undone() {
	batch "$dir/del"
	assert_eq "$RC" 1 "exit status, failed delete"
	assert_eq "$ERR" "vpcpeerctl: $dir/del:2: vpc \"a\" (vrf vrf-a, table 101) has no route to 10.2.9.0/24 via ab-a of protocol vpcpeer" \
		"failed delete's message"
	assert_eq "$(routes a)" "a 10.2.2.0/24 ab 0
a 10.2.3.0/24 ab 0
a 10.2.4.0/24 ab 9" "routes after the failed delete"
	batch "$dir/del" --force
	assert_eq "$RC" 1 "exit status, failed delete, -force"
	assert_eq "$(routes a)" "a 10.2.2.0/24 ab 0
a 10.2.3.0/24 ab 0" "routes after the failed delete, -force"
}
tcase_or_stop "a failed delete undoes the deletes sent with it" test_delete_undone

# vpcpeerctl's own refusal in the middle, from standard input ("-").
printf 'route add a 10.2.5.0/24 peering ab\nroute add a 10.3.0.0/16 peering ab\nroute add a 10.2.6.0/24 peering ab\n' >"$dir/outside"
test_own_refusal() {
	printf '+ vpcpeerctl -b - <%s\n' "$dir/outside" >&2
	RC=0
	ERR=$(vpcpeerctl -b - <"$dir/outside" 2>&1) || RC=$?
	echo "$ERR"
	assert_eq "$RC" 1 "exit status, prefix outside, stdin"
	assert_eq "$ERR" 'vpcpeerctl: -:2: 10.3.0.0/16 is not inside the CIDRs of vpc "b", the peer of "a" in peering "ab": 10.2.0.0/16, fd00:2::/48' \
		"prefix outside, stdin"
	assert_eq "$(routes a | grep -c -e 10.2.5.0 -e 10.2.6.0)" 1 "only line 1 took effect"
	RC=0
	ERR=$(vpcpeerctl -force -b - <"$dir/outside" 2>&1) || RC=$?
	assert_eq "$RC" 1 "exit status, prefix outside, stdin, -force"
	assert_eq "$ERR" 'vpcpeerctl: -:1: vpc "a" (vrf vrf-a, table 101) already has a route to 10.2.5.0/24 with metric 0
vpcpeerctl: -:2: 10.3.0.0/16 is not inside the CIDRs of vpc "b", the peer of "a" in peering "ab": 10.2.0.0/16, fd00:2::/48' \
		"prefix outside, stdin, -force"
	assert_eq "$(routes a | grep -c -e 10.2.5.0 -e 10.2.6.0)" 2 "lines 1 and 3 took effect"
}
tcase_or_stop "vpcpeerctl's own refusal, from standard input, with and without -force" test_own_refusal

# Bad usage in the middle: exit 2; without -force, no line runs, and every
# bad line is named; with -force, the good ones do, and the status is
# still 2.
cat >"$dir/usage" <<'EOF'
route add a 10.2.10.0/24 peering ab
route add a 10.2.11.0/24 peering ab metric lots
vpc cidr add a 10.12.0.0/16
"unterminated
EOF
test_bad_usage() {
	batch "$dir/usage"
	assert_eq "$RC" 2 "exit status, bad usage"
	assert_eq "$ERR" "vpcpeerctl: $dir/usage:2: invalid metric \"lots\"
vpcpeerctl: $dir/usage:4: unterminated \" quote" "bad usage messages"
	assert_eq "$(routes a | grep -c 10.2.10.0 || true)" 0 "line 1 did not run"
	assert_eq "$(vpcpeerctl vpc show a | grep -c 10.12.0.0 || true)" 0 "line 3 did not run"
	batch "$dir/usage" -force
	assert_eq "$RC" 2 "exit status, bad usage, -force"
	assert_eq "$ERR" "vpcpeerctl: $dir/usage:2: invalid metric \"lots\"
vpcpeerctl: $dir/usage:4: unterminated \" quote" "bad usage messages, -force"
	assert_contains "$(vpcpeerctl vpc show a)" "cidr 10.12.0.0/16"
	assert_contains "$(routes a)" "a 10.2.10.0/24 ab 0"
	run vpcpeerctl vpc cidr del a 10.12.0.0/16
	run vpcpeerctl route del a 10.2.10.0/24 peering ab
}
tcase_or_stop "bad usage: nothing runs, every bad line named; -force runs the rest" test_bad_usage

# Every bad line is named, in order, before anything runs: line 2 gives
# line 1's route again, line 3 is bad usage (exit 2).
printf 'route add a 10.2.12.0/24 peering ab\nroute add a 10.2.12.0/24 peering ab\nroute bogus\n' >"$dir/order"
test_bad_order() {
	batch "$dir/order"
	assert_eq "$RC" 2 "exit status, a refused line and bad usage"
	assert_eq "$ERR" "vpcpeerctl: $dir/order:2: the route of vpc \"a\" to 10.2.12.0/24 with metric 0 is already added by line 1
vpcpeerctl: $dir/order:3: unknown route command \"bogus\"; try \"vpcpeerctl route help\"" "every bad line"
	assert_eq "$(routes a | grep -c 10.2.12.0 || true)" 0 "nothing ran"
}
tcase_or_stop "every bad line is named, in order, before anything runs" test_bad_order

# ip -batch's syntax: "\" joins lines (errors name the first), CRLF line
# ends, "#" comments after blanks; a NUL byte or a byte order mark is
# refused, naming its line.
printf 'route add a \\\r\n  10.2.13.0/24 peering ab # comment\r\nroute add a 10.2.14.0/24 \\\n peering ab metric x\n' >"$dir/syntax"
test_syntax() {
	batch "$dir/syntax"
	assert_eq "$RC" 2 "exit status, a continued bad line"
	assert_eq "$ERR" "vpcpeerctl: $dir/syntax:3: invalid metric \"x\"" "a continued line's number"
	sed -i '3,4d' "$dir/syntax"
	batch "$dir/syntax"
	assert_eq "$RC$ERR" 0 "continuation and CRLF"
	assert_contains "$(routes a)" "a 10.2.13.0/24 ab 0"
	run vpcpeerctl route del a 10.2.13.0/24 peering ab
}
tcase_or_stop "ip -batch's syntax: continuations, CRLF, comments" test_syntax
printf '\xef\xbb\xbfvpc show\nvpc show\0\n' >"$dir/binary"
test_bom_nul() {
	batch "$dir/binary"
	assert_eq "$RC" 2 "exit status, BOM and NUL"
	assert_eq "$ERR" "vpcpeerctl: $dir/binary:1: starts with a UTF-8 byte order mark: save the file without it
vpcpeerctl: $dir/binary:2: has a NUL byte: not a text file" "BOM and NUL"
}
tcase "a byte order mark and a NUL byte are refused, naming their lines" test_bom_nul

# Lines that cannot be in a batch, and options that clash.
test_not_in_batch() {
	printf 'monitor\n' >"$dir/monitor"
	batch "$dir/monitor"
	assert_eq "$RC" 2 "monitor in a batch"
	assert_eq "$ERR" "vpcpeerctl: $dir/monitor:1: monitor: not in a batch (it never ends)"
	printf -- '-j vpc show\n' >"$dir/option"
	batch "$dir/option"
	assert_eq "$RC" 2 "an option in a batch line"
	assert_eq "$ERR" "vpcpeerctl: $dir/option:1: unknown object \"-j\"; try \"vpcpeerctl --help\""
	expect_usage 'unexpected argument "vpc" after -b FILE' vpcpeerctl -b "$dir/ok" vpc show
	expect_refused "cannot open batch file \"$dir/none\": No such file or directory" \
		vpcpeerctl -b "$dir/none"
	: >"$dir/empty"
	batch "$dir/empty"
	assert_eq "$RC$OUT$ERR" 0 "an empty batch"
}
tcase "lines that cannot be in a batch, and options that clash" test_not_in_batch

# Many routes: in and out, and timed against ip -batch (the same routes,
# by table, and by VRF name as an operator would write them).
n=1000
run vpcpeerctl vpc cidr add b 10.128.0.0/9
awk -v n=$n 'BEGIN { for (i = 0; i < n; i++)
	printf "route add a 10.%d.%d.0/24 peering ab\n", 128 + int(i / 256), i % 256 }' >"$dir/many"
sed 's/^route add/route del/' "$dir/many" >"$dir/many-del"
awk -v n=$n 'BEGIN { for (i = 0; i < n; i++)
	printf "route add 10.%d.%d.0/24 dev ab-a table 101 proto vpcpeer\n", 128 + int(i / 256), i % 256 }' >"$dir/ip-table"
sed 's/ table 101 / vrf vrf-a /' "$dir/ip-table" >"$dir/ip-vrf"
count() { ip route show vrf vrf-a proto vpcpeer | grep -c '^10\.1[2-9][0-9]\.' || true; }
timed() {
	local start=$EPOCHREALTIME
	run "$@"
	awk -v s="$start" -v e="$EPOCHREALTIME" -v n=$n -v c="$*" \
		'BEGIN { printf "TIME %d routes: %.3f s: %s\n", n, e - s, c }' >&2
}
test_many_routes() {
	timed vpcpeerctl -b "$dir/many"
	assert_eq "$(count)" $n "routes after the big batch"
	assert_eq "$(vpcpeerctl -j route show a | jq '[.[] | select(.dst | startswith("10.1"))] | length')" \
		$n "route show of the big batch"
	timed vpcpeerctl -b "$dir/many-del"
	assert_eq "$(count)" 0 "routes after the big delete"
	timed ip -batch "$dir/ip-table"
	assert_eq "$(count)" $n "routes after ip -batch"
	run ip route flush table 101 proto vpcpeer
	timed ip -batch "$dir/ip-vrf"
	run ip route flush table 101 proto vpcpeer
}
tcase_or_stop "a thousand routes in and out, timed against ip -batch" test_many_routes
# A big batch with one bad line in its middle: line 500 is bad usage, and
# nothing runs. Line 722 (10.130.209.0/24) is refused, as a route to the
# same prefix with the same metric is in the way: the lines before it
# stay, and none after it, even those sent in the same message as it,
# which are undone.
sed '500s/peering ab/peering ab metric x/' "$dir/many" >"$dir/many-bad"
test_big_bad_line() {
	run ip route add 10.130.209.0/24 dev lo vrf vrf-a
	batch "$dir/many-bad"
	assert_eq "$RC" 2 "big batch, bad usage at line 500"
	assert_eq "$(count)" 0 "big batch with bad usage at line 500: nothing ran"
	sed -i '500s/ metric x//' "$dir/many-bad"
	batch "$dir/many-bad"
	assert_eq "$RC" 1 "big batch, refusal at line 722"
	assert_eq "$ERR" "vpcpeerctl: $dir/many-bad:722: vpc \"a\" (vrf vrf-a, table 101) already has a route to 10.130.209.0/24 with metric 0"
	assert_eq "$(count)" 721 "big batch, routes before line 722"
	run vpcpeerctl -force -b "$dir/many-del" 2>/dev/null || true
	assert_eq "$(count)" 0 "routes after the cleanup"
	run ip route del 10.130.209.0/24 dev lo vrf vrf-a
	rm -rf "$dir"
}
tcase "a big batch stops at its bad line, undoing what it sent with it" test_big_bad_line
