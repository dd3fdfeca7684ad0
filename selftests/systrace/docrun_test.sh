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
