#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# systrace selftests: OpenSSH's sshd from Debian's package, confined by
# /etc/systrace/usr_sbin_sshd (policies/) in enforce mode, in TAP.
# Debian's sshd_config (UsePAM no: the image has no PAM stack), host keys
# made by ssh-keygen -A as the package's postinst does (unconfined): sshd -t
# and sshd -D as ssh.service runs them, logins of a regular user with a key
# (a command, a pty), the login shell released from sshd's policy
# (permit[detach]), the preauth child seen chrooted as the sshd user,
# reload (SIGHUP) and stop, with no denial. Then the attacks, each denied by
# the policy and logged: a forwarding (ssh -W) connecting out; with
# PermitUserEnvironment, the user's ~/.ssh/environment a link to
# /etc/shadow (made world-readable, so that only the policy stands in the
# way), read by sshd's side of the user; an sshd started with a PidFile in
# /etc, an AuthorizedKeysFile of /etc/gshadow and an AuthorizedKeysCommand
# of /bin/sh run as root.
# sshd, ssh and ssh-keygen and Debian's configuration are copied into the VM
# image from the openssh-server and openssh-client packages (scripts/deploy.mk).
OK_LOG=/tmp/ssh.err
OK_TAG='ssh: '
. /selftests/daemons/lib.sh
# ssh as alice with her key, no questions; the remote command's output.
SSH_OPTS="-i /tmp/key -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR"
login() { # [SSH ARGS...] COMMAND
	: > /tmp/ssh.err
	# shellcheck disable=SC2086
	ssh $SSH_OPTS "$@" 2>/tmp/ssh.err
}
IMAGE=usr_sbin_sshd
T=22

echo "TAP version 13"
echo "1..$T"
if [ ! -x /usr/sbin/sshd ] || [ ! -x /usr/bin/ssh ] || [ ! -r /etc/ssh/sshd_config ]; then
	for i in $(seq 1 $T); do echo "ok $i sshd # SKIP sshd not in the VM image"; done
	exit 0
fi

# The tests share one VM: what this one adds to the accounts goes at exit.
for f in passwd group shadow gshadow; do
	rm -f /tmp/sshd-$f.orig
	[ ! -e /etc/$f ] || cp -p /etc/$f /tmp/sshd-$f.orig
done
restore() {
	for f in passwd group shadow gshadow; do
		if [ -e /tmp/sshd-$f.orig ]; then
			cp -p /tmp/sshd-$f.orig /etc/$f
		else
			rm -f /etc/$f
		fi
	done
	rm -rf /home/alice
}
trap restore EXIT

# What Debian's postinst and adduser do: the sshd user, the privilege
# separation directory, host keys; a regular user with a key; login records.
grep -q '^sshd:' /etc/passwd || echo 'sshd:x:100:65534::/run/sshd:/usr/sbin/nologin' >> /etc/passwd
grep -q '^alice:' /etc/passwd || echo 'alice:x:1000:1000:Alice:/home/alice:/bin/sh' >> /etc/passwd
grep -q '^alice:' /etc/group || echo 'alice:x:1000:' >> /etc/group
# The last line reads as an environment assignment: a session given the
# file as its ~/.ssh/environment would have SHADOW_LEAK set.
printf 'root:$y$j9T$notarealhash:20000:0:99999:7:::\nalice:*:20000:0:99999:7:::\nsshd:!:20000::::::\nSHADOW_LEAK=notarealhash\n' > /etc/shadow
printf 'root:*::\nalice:!::\n' > /etc/gshadow
chmod 644 /etc/shadow /etc/gshadow
mkdir -p /dev/pts
grep -q ' /dev/pts devpts' /proc/mounts || mount -t devpts -o mode=620,ptmxmode=666 devpts /dev/pts
mkdir -p /run/sshd /etc/ssh/sshd_config.d /var/log /home/alice/.ssh
chmod 755 /run/sshd
[ -e /var/run ] || ln -s /run /var/run
: > /run/utmp; : > /var/log/wtmp; : > /var/log/btmp; : > /var/log/lastlog
chmod 664 /run/utmp /var/log/wtmp
echo 'UsePAM no' > /etc/ssh/sshd_config.d/vm.conf
ssh-keygen -A >/dev/null
ssh-keygen -q -t ed25519 -N '' -f /tmp/key
cp /tmp/key.pub /home/alice/.ssh/authorized_keys
echo 'note of alice' > /home/alice/note.txt
chown -R 1000:1000 /home/alice
chmod 700 /home/alice/.ssh
chmod 600 /home/alice/.ssh/authorized_keys
ip link set lo up

load_policy
dmesg -c >/dev/null
systracectl monitor -n $IMAGE > /tmp/sshd-events 2>&1 &
mon=$!
sleep 1

# Normal use.
/usr/sbin/sshd -t
ok $? "sshd -t (ExecStartPre)"
/usr/sbin/sshd -D -e 2>/tmp/sshd.log &
until_ok 60 grep -q 'Server listening on 0.0.0.0 port 22' /tmp/sshd.log
kill -0 "$(cat /run/sshd.pid 2>/dev/null || echo 999999)" 2>/dev/null
ok $? "sshd -D (ExecStart) runs and wrote /run/sshd.pid"
out=$(login -p 22 alice@127.0.0.1 'echo "hello $(id -un)"; cat "$HOME/note.txt"')
[ "$out" = "hello alice
note of alice" ]
ok $? "login with a key, a command: its output"
login -p 22 alice@127.0.0.1 'echo written > "$HOME/out.txt"' &&
	[ "$(cat /home/alice/out.txt)" = written ] && [ "$(stat -c %u /home/alice/out.txt)" = 1000 ]
ok $? "the session writes in \$HOME as alice"
out=$(login -tt -p 22 alice@127.0.0.1 'tty' </dev/null | tr -d '\r')
echo "$out" | grep -q '^/dev/pts/[0-9]*$'
ok $? "login with a pty (ssh -tt): $out"
# sshd's policy permits no read of /selftests: only a released shell lists it.
login -p 22 alice@127.0.0.1 'ls /selftests' | grep -q '^guest-run$'
ok $? "the login shell is released (permit[detach]): it lists /selftests"
# The preauth child: after the banner exchange, before any key exchange.
# The client holds the connection open (a FIFO) until the child is seen:
# the test waits for the event, not for a time (a loaded host is slow).
rm -f /tmp/preauth.in && mkfifo /tmp/preauth.in
nc 127.0.0.1 22 < /tmp/preauth.in > /tmp/banner &
nc=$!
exec 8> /tmp/preauth.in
printf 'SSH-2.0-OpenSSH_9.2 test\r\n' >&8
child=
i=0
while [ $i -lt 600 ]; do
	for p in $(pidof sshd); do
		if [ "$(awk '/^Uid:/ { print $2 }' /proc/"$p"/status 2>/dev/null)" = 100 ] &&
		   [ "$(readlink /proc/"$p"/root)" = /run/sshd ]; then
			child=$p
		fi
	done
	[ -n "$child" ] && grep -q '^SSH-2.0-OpenSSH_9.2p1 Debian' /tmp/banner && break
	sleep 1
	i=$((i + 1))
done
[ -n "$child" ] && grep -q '^SSH-2.0-OpenSSH_9.2p1 Debian' /tmp/banner
ok $? "the preauth child runs as sshd in /run/sshd: ${child:-none}"
exec 8>&-
wait $nc
rm -f /tmp/preauth.in
# SIGHUP: sshd executes itself again and listens anew.
again() { [ "$(login -p 22 alice@127.0.0.1 'echo again')" = again ]; }
/usr/sbin/sshd -t && kill -HUP "$(cat /run/sshd.pid)" && until_ok 60 again
ok $? "reload (sshd -t; SIGHUP, ExecReload), then a login"
grep -q 'Accepted publickey for alice' /tmp/sshd.log
ok $? "sshd logged the logins"
systracectl list | grep "^$IMAGE: " | tee /tmp/sshd-list | grep -q ' 0 denials, 0 unmatched'
ok $? "no denial, no unmatched call: $(cat /tmp/sshd-list)"
! dmesg | grep "policy: \"$IMAGE\""
ok $? "nothing logged"

# Attacks on the running sshd, through it.
login -W 127.0.0.1:9 -p 22 alice@127.0.0.1 </dev/null
[ $? -ne 0 ] && grep -q 'stdio forwarding failed' /tmp/ssh.err
ok $? "ssh -W 127.0.0.1:9 (sshd connects out): refused"
dmesg | grep "systrace: deny user: \(1000\|alice\), prog: \"[^\"]*/sshd\", pid: [0-9]*, ppid: [0-9]*, policy: \"$IMAGE\", call: connect([0-9]*), sockaddr: \"inet-\[127.0.0.1\]:9\", error: 13, line: " >> /tmp/l
ok $? "the connection out is denied and logged"
pid=$(cat /run/sshd.pid)
kill "$pid"
until_ok 60 gone "$pid"
ok $? "SIGTERM stops sshd (ExecStop)"

# With PermitUserEnvironment, sshd reads ~/.ssh/environment as the user
# before it starts the shell: the user made it a link to /etc/shadow.
ln -s /etc/shadow /home/alice/.ssh/environment
/usr/sbin/sshd -D -e -o PermitUserEnvironment=yes 2>/tmp/sshd-env.log &
env=$!
until_ok 60 grep -q 'Server listening on 0.0.0.0 port 22' /tmp/sshd-env.log
[ "$(login -p 22 alice@127.0.0.1 'echo "in, leak=$SHADOW_LEAK"')" = "in, leak=" ]
ok $? "PermitUserEnvironment, ~/.ssh/environment -> /etc/shadow: logged in, nothing read"
dmesg | grep "systrace: deny user: \(1000\|alice\), prog: \"[^\"]*/sshd\", pid: [0-9]*, ppid: [0-9]*, policy: \"$IMAGE\", call: fsread([0-9]*), filename: \"/etc/shadow\", .*error: 13, line: " >> /tmp/l
ok $? "the read of /etc/shadow is denied and logged"
kill $env
until_ok 60 gone $env
rm -f /home/alice/.ssh/environment

# Attacks through the configuration: the pid file outside /run, keys
# from /etc/gshadow, and a keys command that is a root shell.
rm -f /etc/evil.pid
/usr/sbin/sshd -D -e -o PidFile=/etc/evil.pid -o AuthorizedKeysFile=/etc/gshadow \
	-o AuthorizedKeysCommand=/bin/sh -o AuthorizedKeysCommandUser=root 2>/tmp/sshd-evil.log &
evil=$!
until_ok 60 grep -q 'Server listening on 0.0.0.0 port 22' /tmp/sshd-evil.log
[ ! -e /etc/evil.pid ] && grep -q 'create pid file "/etc/evil.pid": Permission denied' /tmp/sshd-evil.log
ok $? "PidFile /etc/evil.pid: not written"
dmesg | grep "systrace: deny user: \(0\|root\), prog: \"[^\"]*/sshd\", pid: [0-9]*, ppid: [0-9]*, policy: \"$IMAGE\", call: fswrite([0-9]*), filename: \"/etc/evil.pid\", .*error: 13, line: " >> /tmp/l
ok $? "the write of /etc/evil.pid is denied and logged"
out=$(login -p 22 alice@127.0.0.1 'echo in')
[ $? -eq 255 ] && [ -z "$out" ]
ok $? "a login with keys from /etc/gshadow and a /bin/sh keys command fails"
dmesg | grep "systrace: deny user: \(0\|root\), prog: \"[^\"]*/sshd\", pid: [0-9]*, ppid: [0-9]*, policy: \"$IMAGE\", call: fsread([0-9]*), filename: \"/etc/gshadow\", .*error: 13, line: " >> /tmp/l &&
	grep -q 'Could not open user .alice. authorized keys ./etc/gshadow.: Permission denied' /tmp/sshd-evil.log
ok $? "the read of /etc/gshadow is denied and logged"
dmesg | grep "systrace: deny user: \(0\|root\), prog: \"[^\"]*/sshd\", pid: [0-9]*, ppid: [0-9]*, policy: \"$IMAGE\", call: execve([0-9]*), filename: \"/bin/busybox\", .*error: 13, line: " >> /tmp/l &&
	grep -q 'AuthorizedKeysCommand execve "/bin/sh alice": Permission denied' /tmp/sshd-evil.log
ok $? "the exec of /bin/sh as root is denied and logged"
kill $evil
until_ok 60 gone $evil
kill $mon 2>/dev/null
sed 's/^/# /' /tmp/l
unload_policy
[ $rc -eq 0 ] || { echo "# events:"; grep -v permit /tmp/sshd-events | sed 's/^/# /' | head -n 40; \
	echo "# sshd:"; sed 's/^/# /' /tmp/sshd.log | tail -n 30; \
	echo "# sshd (attack):"; sed 's/^/# /' /tmp/sshd-evil.log | tail -n 20; \
	echo "# ssh:"; sed 's/^/# /' /tmp/ssh.err | tail -n 5; }
exit $rc
