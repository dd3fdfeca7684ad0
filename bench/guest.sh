#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The guest half of `make bench` (VM part), run by bench/run-vm in one VM
# (busybox sh, systrace.ko loaded by the VM's init):
#
#   /usr/share/st_bench/guest.sh [ROUNDS [GROUPS]]
#
# GROUPS (comma-separated; default getpid,open,load,ask): getpid, open,
# load, ask, scale. Only those figures (and their baselines and anchors)
# are measured. scale needs two CPUs and wall time (bench/run-vm --scale:
# no --icount), and is measured only when asked for.
#
# Prints one line per measurement, for bench/run-vm to turn into ratios:
#   RAW TAG MEDIAN MIN MAX ROUNDS ITERATIONS [P99]
#                                              nanoseconds per operation
#   RAW scale.KIND.N.rR OPS/S SLOWEST FASTEST N OPENS OTHER [CPU WALL]
#                                              scale: N workers, round R
#                                              (0 the warm-up), opens/s;
#                                              the CPUs without a worker:
#                                              busy share (-1: none);
#                                              host CPU ns the VM had and
#                                              wall ns (bench/vcpu-clock)
#   MISSING TAG: why                           a measurement that failed
#   NOTE text                                  anything else worth keeping
# Under --icount the nanoseconds are guest instructions.
#
# Order: the module is unloaded for the baseline (and the seccomp and
# Landlock rows, which do not involve it, the seccomp notification round
# trip among them), loaded again for the unconfined rows, then the
# confined rows, loading beside compiling, then escalation (ask mode, a
# scripted systracectl ask, then st_agent), then unloaded again to see the
# baseline has not drifted.

R=${1:-10}
ONLY=${2:-}
PATH=/usr/bin:/usr/sbin:/bin:/sbin
B=/usr/bin/st_bench
KO=/lib/modules/systrace.ko
SIZES="10 1000 100000"
W=/tmp/bench
mkdir -p "$W"

note() { echo "NOTE $*"; }

# want GROUP: is GROUP measured in this run?
want() {
	case ",${ONLY:-getpid,open,load,ask}," in
	*",$1,"*) return 0 ;;
	*) return 1 ;;
	esac
}

# run TAG CMD...: one RESULT line from CMD becomes RAW TAG ...
run() {
	tag=$1
	shift
	"$@" > "$W/out" 2> "$W/err"
	rc=$?
	line=$(grep '^RESULT ' "$W/out" | tail -n 1)
	if [ $rc -eq 0 ] && [ -n "$line" ]; then
		echo "RAW $tag ${line#RESULT * }"
	else
		echo "MISSING $tag: exit $rc: $(cat "$W/err" "$W/out" | head -c 400 | tr '\n' ' ')"
	fi
}

module_loaded() { [ -d /sys/module/systrace ]; }

unload_module() {
	rmmod systrace 2> "$W/err" || true
	if module_loaded; then
		echo "MISSING $1: rmmod systrace failed: $(tr '\n' ' ' < "$W/err")"
		return 1
	fi
}

# The loops the kernel is still settling into (6.12 works in the background
# for its first seconds): let virtual time pass first.
sleep 2
note "kernel $(uname -r), $R rounds after a warm-up round"

mkdir -p /data
mount -t tmpfs bench /data
for n in $SIZES; do
	: > "/data/file$((n - 1))"
done
# The deep figure's file, five names below its mount, as a daemon's are.
DEEP=/data/a/b/c/d
mkdir -p $DEEP
: > $DEEP/file9
: > $DEEP/denied
: > /data/denied
# Opened by every escalation figure (ask, seccomp notif): no rule names it.
: > /data/ask
ASKN=${ASKN:-1000}

# 1. Baseline: the module not loaded.
if unload_module base; then
	want getpid && run base.getpid $B -r "$R" getpid
	want open && for n in $SIZES; do
		run "base.open.$n" $B -r "$R" open "/data/file$((n - 1))"
	done
	want open && run base.open.deep $B -r "$R" open $DEEP/file9
	want getpid && run seccomp.getpid $B -r "$R" seccomp-getpid
	if want open; then
		run seccomp.open $B -r "$R" seccomp-open /data/file9
		run landlock.open $B -r "$R" landlock-open /data/file9
		# The anchor of the confined figure at 100,000 rules: both
		# stacked, on the same file.
		run seccomp_landlock.open $B -r "$R" seccomp-landlock-open /data/file99999
	fi
	# The anchor of the ask round trip: the same open-each, each openat
	# sent to a seccomp supervisor that lets it continue.
	want ask && run seccomp.notif $B -n "$ASKN" seccomp-notif /data/ask
fi

# 2. The module loaded, nothing confined.
if ! module_loaded && ! insmod "$KO" 2> "$W/err"; then
	echo "MISSING loaded: insmod $KO: $(tr '\n' ' ' < "$W/err")"
	exit 1
fi
want getpid && run loaded.getpid $B -r "$R" getpid
want open && run loaded.open $B -r "$R" open /data/file9

# 3. Confined. Every call the confined st_bench makes (glibc's static
# start-up, the loop, the output) needs a rule: a policy is an allowlist.
cat > "$W/loop.rules" <<'EOF'
	native-execve: filename eq "/usr/bin/st_bench" then permit
	native-brk: permit
	native-arch_prctl: permit
	native-set_tid_address: permit
	native-set_robust_list: permit
	native-rseq: permit
	native-prlimit64: permit
	native-readlink: permit
	native-getrandom: permit
	native-mmap: permit
	native-mprotect: permit
	native-munmap: permit
	native-newfstatat: permit
	native-fstat: permit
	native-write: permit
	native-close: permit
	native-clock_gettime: permit
	native-exit_group: permit
EOF
policy() { # NAME FILE: compile and load; prints nothing on success
	policyc -o "$W/$1.bin" "$2" > "$W/err" 2>&1 &&
		systracectl load -n "$1" "$W/$1.bin" > "$W/err" 2>&1
}
confined() { # TAG POLICY CMD...
	tag=$1
	pol=$2
	shift 2
	run "$tag" systracectl run -a -p "$pol" -- "$@"
}
# check TAG POLICY CHECK [FILE]: is CHECK denied under POLICY?
check() {
	tag=$1
	pol=$2
	shift 2
	systracectl run -a -p "$pol" -- $B "$@" > "$W/err" 2>&1
	case $? in
	0) return 0 ;;
	3) echo "MISSING $tag: not confined: $* was permitted under $pol" ;;
	*) echo "MISSING $tag: running confined by $pol failed: $(head -c 400 "$W/err" | tr '\n' ' ')" ;;
	esac
	return 1
}

# Each image names a path of its own: confinement is by `run -p` alone. (An
# image naming /usr/bin/st_bench would bind every run of it, beside the one
# `run -p` asks for: a second layer, decided too.)
for n in $SIZES; do
	tag=confined.open.$n
	# The getpid figure checks its policy against bench10.
	want open || { [ "$n" = 10 ] && want getpid; } || continue
	{
		echo "Policy: /usr/bin/st_bench.$n, Emulation: native"
		cat "$W/loop.rules"
		$B path-rules "$n"
	} > "$W/bench$n.policy"
	if ! policy "bench$n" "$W/bench$n.policy"; then
		echo "MISSING $tag: loading a $n-rule policy: $(head -c 400 "$W/err" | tr '\n' ' ')"
		continue
	fi
	note "bench$n: $(wc -l < "$W/bench$n.policy") policy lines, image $(wc -c < "$W/bench$n.bin") bytes"
	# A figure only counts if the policy really confines: a file no rule
	# names must be denied.
	if ! check "$tag" "bench$n" denied-open /data/denied; then
		continue
	fi
	want open || continue
	confined "$tag" "bench$n" $B -r "$R" open "/data/file$((n - 1))"
done

# The same 10 rules for files five names below their mount: the name's
# cost grows with its names (Documentation/benchmarks.rst).
want open && {
tag=confined.open.deep
{
	echo "Policy: /usr/bin/st_bench.deep, Emulation: native"
	cat "$W/loop.rules"
	$B path-rules 10 $DEEP/file
} > "$W/bench-deep.policy"
if ! policy bench-deep "$W/bench-deep.policy"; then
	echo "MISSING $tag: loading the deep policy: $(head -c 400 "$W/err" | tr '\n' ' ')"
elif check "$tag" bench-deep denied-open $DEEP/denied; then
	confined "$tag" bench-deep $B -r "$R" open $DEEP/file9
fi
}

want getpid && {
tag=confined.getpid
{
	echo "Policy: /usr/bin/st_bench.getpid, Emulation: native"
	cat "$W/loop.rules"
	echo "	native-getpid: permit"
} > "$W/getpid.policy"
if ! policy bench-getpid "$W/getpid.policy"; then
	echo "MISSING $tag: loading the getpid policy: $(head -c 400 "$W/err" | tr '\n' ' ')"
elif check "$tag" bench10 denied-getpid; then
	confined "$tag" bench-getpid $B -r "$R" getpid
fi
}

# Loading beside compiling: the 100,000-rule policy again, under a path of
# its own (an image per path), compiled by policyc and loaded (verified and
# attached) by systracectl load, each command timed whole, its start-up
# included, per rule of the policy. Each load is undone, untimed, so each
# round attaches afresh. LOADR rounds after a warm-up: 100,000 rules take
# a while in the VM.
LOADR=${LOADR:-3}
want load && {
{
	echo "Policy: /usr/bin/st_bench.load, Emulation: native"
	cat "$W/loop.rules"
	$B path-rules 100000
} > "$W/load.policy"
nrules=$(($(wc -l < "$W/load.policy") - 1))
note "load: $nrules rules"
run compile.100000 $B -r "$LOADR" -n "$nrules" \
	time policyc -o "$W/load.bin" "$W/load.policy"
if [ -s "$W/load.bin" ]; then
	run load.100000 $B -r "$LOADR" -n "$nrules" \
		time systracectl load -n bench-load "$W/load.bin" -- \
		systracectl unload bench-load
else
	echo "MISSING load.100000: no image compiled"
fi
}

# Escalation: the same open, in ask mode, decided by a rule in the kernel
# (/data/file9) and by the agent (/data/ask, which no rule names): each
# call timed on its own, 1,000 after 100 warm-up calls. The agent is
# systracectl ask answering "permit" from a script, one line a question,
# then st_agent (the smallest agent).
{
	echo "Policy: /usr/bin/st_bench.ask, Emulation: native"
	cat "$W/loop.rules"
	# glibc's qsort of st_bench's 1,000 figures asks how much memory
	# there is: not a question for the agent.
	echo '	native-sysinfo: permit'
	echo '	native-fsread: filename eq "/data/file9" then permit'
} > "$W/ask.policy"
if ! want ask; then
	:
elif ! systracectl load -m ask -n bench-ask "$W/ask.policy" > "$W/err" 2>&1; then
	echo "MISSING ask.kernel: loading the ask policy: $(head -c 400 "$W/err" | tr '\n' ' ')"
	echo "MISSING ask.agent: loading the ask policy"
else
	# No agent yet: a call that escalated would be denied, and st_bench
	# would fail.
	run ask.kernel systracectl run -m ask -p bench-ask -- \
		$B -n $ASKN open-each /data/file9
	total=$((ASKN + ASKN / 10))
	yes permit | head -n $total > "$W/answers"
	systracectl ask < "$W/answers" > "$W/agent.out" 2> "$W/agent.err" &
	agent=$!
	i=0
	until grep -qs 'agent is ready' "$W/agent.err" || [ $i -ge 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	run ask.agent systracectl run -m ask -p bench-ask -- \
		$B -n $ASKN open-each /data/ask
	# The answers are used up: it ends by itself (and then its output is
	# complete).
	i=0
	while kill -0 "$agent" 2> /dev/null && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill "$agent" 2> /dev/null
	wait "$agent"
	asked=$(grep -c '^question ' "$W/agent.out")
	note "ask: the agent was asked $asked questions for $total opens"
	other=$(grep '^question ' "$W/agent.out" |
		grep -v 'filename: "/data/ask",' | head -n 3)
	[ -z "$other" ] || note "ask: other questions: $(echo "$other" | tr '\n' ' ')"
	if [ "$asked" -ne $total ]; then
		echo "MISSING ask.agent: $asked questions for $total opens:" \
			"$(head -c 400 "$W/agent.err" | tr '\n' ' ')"
	fi

	# The same with the smallest agent (st_agent: answers permit, reads
	# nothing, prints nothing), once systracectl ask is gone.
	st_agent $total > "$W/minimal.out" 2> "$W/minimal.err" &
	agent=$!
	i=0
	until grep -qs 'st_agent: ready' "$W/minimal.err" || [ $i -ge 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	run ask.minimal systracectl run -m ask -p bench-ask -- \
		$B -n $ASKN open-each /data/ask
	i=0
	while kill -0 "$agent" 2> /dev/null && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill "$agent" 2> /dev/null
	wait "$agent"
	if ! grep -qx "answered $total" "$W/minimal.out"; then
		echo "MISSING ask.minimal: st_agent did not answer $total questions:" \
			"$(cat "$W/minimal.out" "$W/minimal.err" | head -c 400 | tr '\n' ' ')"
	fi
fi

# Scaling: opens+close per second of one worker on CPU 0 and of two
# workers on CPUs 0 and 1 (st_bench scale, wall time of SCALEMS ms each),
# unconfined (the module loaded), confined (a policy of its own: the loop's
# calls, the workers' fork and pinning, 10 path rules) and under a one-rule
# Landlock ruleset. Each worker opens a file of its own (/data/file8,
# /data/file9): the figure is the decision's, not two opens of one dentry.
# Round 0 is a warm-up; in each round every kind runs one worker and two
# back to back, the order swapped from one round to the next, so that a
# drift of the host's load falls on both alike.
SCALEMS=${SCALEMS:-1000}
if ! want scale; then
	:
elif [ "$(grep -c '^processor' /proc/cpuinfo)" -lt 2 ]; then
	for k in unconfined confined landlock; do
		echo "MISSING scale.$k: one CPU (bench/run-vm --scale boots two)"
	done
else
	: > /data/file8
	{
		echo "Policy: /usr/bin/st_bench.scale, Emulation: native"
		cat "$W/loop.rules"
		for c in clone clone3 pipe2 read pread64 wait4 sched_setaffinity; do
			echo "	native-$c: permit"
		done
		echo '	native-fsread: filename eq "/proc/stat" then permit'
		$B path-rules 10
	} > "$W/scale.policy"
	scaled=
	if ! policy bench-scale "$W/scale.policy"; then
		echo "MISSING scale.confined: loading the scale policy: $(head -c 400 "$W/err" | tr '\n' ' ')"
	elif check scale.confined bench-scale denied-open /data/denied; then
		scaled=1
	fi
	note "scale: $(grep -c '^processor' /proc/cpuinfo) CPUs, $SCALEMS ms per run, files /data/file8 /data/file9"
	# bench/vcpu-clock at the port's other end: each run also reports
	# the host CPU time the VM had (st_bench -c).
	clk=
	if [ -e /dev/virtio-ports/bench.clock ]; then
		exec 3<> /dev/virtio-ports/bench.clock
		clk="-c 3"
	fi
	r=0
	while [ $r -le "$R" ]; do
		if [ $((r % 2)) = 0 ]; then order="1 2"; else order="2 1"; fi
		for n in $order; do
			run "scale.unconfined.$n.r$r" $B $clk -t "$SCALEMS" scale "$n" \
				/data/file8 /data/file9
		done
		[ -z "$scaled" ] || for n in $order; do
			confined "scale.confined.$n.r$r" bench-scale \
				$B $clk -t "$SCALEMS" scale "$n" /data/file8 /data/file9
		done
		for n in $order; do
			run "scale.landlock.$n.r$r" $B $clk -t "$SCALEMS" landlock-scale "$n" \
				/data/file8 /data/file9
		done
		r=$((r + 1))
	done
	systracectl unload bench-scale > /dev/null 2>&1
fi

for p in bench-ask bench-getpid $(for n in $SIZES; do echo "bench$n"; done); do
	systracectl unload "$p" > /dev/null 2>&1
done

# 4. The baseline again, to see it has not drifted.
if unload_module base2; then
	want getpid && run base2.getpid $B -r "$R" getpid
	want open && run base2.open.10 $B -r "$R" open /data/file9
fi
exit 0
