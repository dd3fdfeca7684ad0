#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# One machine of scripts/fleet-test, in its VM: NAME becomes the host
# name; events leave as RFC 5424 on the port systrace.log (monitor
# --syslog), questions on the port systrace.ask (ask --json), as
# Documentation/admin-guide.rst's fleet runs them. Then a denial by the
# policy's rule (/srv/fleet/a), and two questions the host answers: permit
# (/srv/fleet/b) and deny (/srv/fleet/c). ask_helper prints each path and
# ok or the errno's name.
set -u
name=$1
hostname "$name"
# The host answers after two VMs' worth of emulation: the kernel waits.
echo 3600 > /sys/module/systrace/parameters/ask_timeout
mkdir -p /srv/fleet
for f in a b c; do echo "$f of $name" > /srv/fleet/$f; done
# Its output to a file, as below: no question about the terminal.
systracectl run -A -o /tmp/learned -- /selftests/ask_helper /srv/fleet/a > /tmp/out 2>&1 || exit 1
# In ask mode: /srv/fleet/a denied by a rule, the rest of /srv/fleet asked.
grep -v /srv/fleet /tmp/learned |
	awk '{ print } /^Policy:/ { print "\tnative-fsread: filename eq \"/srv/fleet/a\" then deny[eacces] log" }' \
	> /tmp/fleet.policy
systracectl load -m ask -n fleet /tmp/fleet.policy || exit 1

systracectl monitor --syslog=/dev/virtio-ports/systrace.log 2> /tmp/monitor.err &
mon=$!
until grep -q monitoring /tmp/monitor.err; do
	kill -0 $mon 2> /dev/null || { cat /tmp/monitor.err; exit 1; }
	sleep 0.1
done
systracectl ask --json <> /dev/virtio-ports/systrace.ask >&0 2> /tmp/ask.err &
ask=$!
until grep -q "agent is ready" /tmp/ask.err; do
	kill -0 $ask 2> /dev/null || { cat /tmp/ask.err; exit 1; }
	sleep 0.1
done

echo "fleet: $name: denied by the policy"
systracectl run -m ask -p fleet -- /selftests/ask_helper /srv/fleet/a > /tmp/out 2>&1
cat /tmp/out
echo "fleet: $name: asked"
systracectl run -m ask -p fleet -- /selftests/ask_helper /srv/fleet/b /srv/fleet/c > /tmp/out 2>&1
cat /tmp/out
echo "fleet: $name: done"
kill $ask $mon
wait
