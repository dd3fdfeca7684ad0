# SPDX-License-Identifier: GPL-2.0
#
# systrace selftests: what the daemon tests share (sourced from
# /selftests/daemons/lib.sh in the VM by nginx_test.sh, sshd_test.sh,
# dnsmasq_test.sh and daemons_test.sh).

n=0
rc=0
: > /tmp/l
# The file whose lines a failed check shows (then emptied), and their tag.
OK_LOG=${OK_LOG:-/dev/null}
OK_TAG=${OK_TAG:-}

# ok STATUS NAME: one TAP line; a failure sets rc and shows $OK_LOG.
ok() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		[ -s "$OK_LOG" ] && sed "s/^/#   $OK_TAG/" "$OK_LOG"
		rc=1
	fi
	[ "$OK_LOG" = /dev/null ] || : > "$OK_LOG"
}

# load_policy: /etc/systrace/$IMAGE in enforce mode, as the test's first
# check; under daemons_test (SYSTRACE_BOOTED) systrace.service loaded it at
# boot: check that instead of loading it again.
load_policy() {
	if [ -n "$SYSTRACE_BOOTED" ]; then
		systracectl list | grep -q "^$IMAGE: mode enforce,"
		ok $? "$IMAGE loaded at boot (enforce)"
	else
		systracectl load "/etc/systrace/$IMAGE" >/dev/null
		ok $? "load /etc/systrace/$IMAGE (enforce)"
	fi
}

# until_ok SECS CMD...: CMD again every 0.1 s until it succeeds, for at
# most SECS seconds. The tests wait for what they need (a daemon ready,
# gone, a line logged), never for a time: a loaded host is slow, and
# the limit only catches a hang.
until_ok() {
	_end=$(($(date +%s) + $1))
	shift
	until "$@"; do
		[ "$(date +%s)" -lt "$_end" ] || return 1
		sleep 0.1
	done
}

# gone PID: no such process (any more).
gone() {
	! kill -0 "$1" 2>/dev/null
}

# unload_policy: the end of a test run alone (a boot's set stays loaded).
unload_policy() {
	[ -n "$SYSTRACE_BOOTED" ] || systracectl unload "$IMAGE"
}
