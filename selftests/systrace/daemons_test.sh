#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# systrace selftests: a boot with the policy set, then the daemons, in TAP.
# The VM's init has loaded systrace.ko (as systemd-modules-load does with
# modules-load.d/systrace.conf); this does what systrace.service does, its
# ExecStart read from the unit, on /etc/systrace (policies/ in the image),
# then starts and drives each daemon a shipped policy names, under the
# policies loaded at boot (SYSTRACE_BOOTED: the scripts do not load them
# again): nginx (static files, reverse proxy), sshd, dnsmasq. Each script
# asserts no denial in normal use and each attack denied and logged; its
# TAP lines are kept here as comments. Alone, a script loads its own
# policy: selftests/vm/run -- /selftests/daemons/nginx
UNIT=/etc/systrace/systrace.service
DAEMONS="nginx sshd dnsmasq"
. /selftests/daemons/lib.sh

echo "TAP version 13"
echo "1..$((1 + 2 * $(echo $DAEMONS | wc -w)))"

# systrace.service's ExecStart, as systemd would run it (tools on PATH).
cmd=$(sed -n 's/^ExecStart=//p' "$UNIT" | head -n 1)
cmd=${cmd#/usr/sbin/}
echo "# ExecStart: $cmd"
$cmd > /tmp/daemons-boot.log 2>&1
st=$?
sed 's/^/#   /' /tmp/daemons-boot.log
ok $st "systrace.service: $cmd"

for d in $DAEMONS; do
	image=usr_sbin_$d
	systracectl list | grep -q "^$image: mode enforce,"
	ok $? "$image loaded at boot, in enforce mode"
	SYSTRACE_BOOTED=1 /bin/sh "/selftests/daemons/$d" > "/tmp/daemons-$d.tap" 2>&1
	st=$?
	sed 's/^/# /' "/tmp/daemons-$d.tap"
	if [ $st -eq 0 ] && grep -q '# SKIP' "/tmp/daemons-$d.tap"; then
		n=$((n + 1))
		echo "ok $n $d # SKIP not in the VM image"
	else
		ok $st "$d under the boot's policies: normal use, no denial; attacks denied and logged"
	fi
done

for d in $DAEMONS; do
	systracectl unload "usr_sbin_$d" > /dev/null 2>&1
done
exit $rc
