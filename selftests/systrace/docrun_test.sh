#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Documentation that runs, the VM part (Documentation/testing.rst,
# "Documentation that runs"): every command of README.md, the admin guide
# (its workflow: learn, enforce, logprof, ps, unload) and the man pages'
# EXAMPLES that is shown in a runnable block, "$ " and "# " alike, run as
# written, as root with the module loaded, each document in one shell in
# order, from a directory that holds the source tree's policies/. The
# scripts are made on the host by scripts/doc-run --vm (no python in the
# VM). A command must exit 0 and print what the document shows after it.
# TAP output.
dir=/selftests/docrun
cd /selftests/docsrc || { echo "1..0 # SKIP no /selftests/docsrc"; exit 0; }
n=0
for f in "$dir"/*.sh; do
	n=$((n + 1))
done
echo "1..$n"
# What the examples leave behind is removed at the end, so that the tests
# after this one in the same VM see the machine as before: the policy
# files they write, their images, their program and data.
home=$(awk -F: '$1 == "root" { print $6 }' /etc/passwd)
before=$(ls -d "$home"/.systrace/* /etc/systrace/* 2>/dev/null)
cleanup() {
	for f in $(ls -d "$home"/.systrace/* /etc/systrace/* 2>/dev/null); do
		echo "$before" | grep -qxF "$f" || rm -rf "$f"
	done
	for img in demo usr_sbin_webd notes; do
		systracectl unload "$img" > /dev/null 2>&1
	done
	rm -rf /usr/local/bin/notes /srv/notes /tmp/notes.* /tmp/usr_local_bin_notes \
		/tmp/monitor.err /tmp/ls.policy
}
trap cleanup EXIT
i=0
fail=0
for f in "$dir"/*.sh; do
	i=$((i + 1))
	name=$(basename "$f" .sh)
	# Each document in a shell of its own, from the same directory.
	if (cd /selftests/docsrc && sh "$f") > "/tmp/docrun.$name" 2>&1; then
		echo "ok $i - $name: $(grep -c '^ok' "/tmp/docrun.$name") commands"
	else
		echo "not ok $i - $name"
		fail=$((fail + 1))
	fi
	sed 's/^/# /' "/tmp/docrun.$name"
done
[ $fail -eq 0 ]
