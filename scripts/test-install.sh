#!/usr/bin/env bash
# `make install` into a scratch DESTDIR, then checks what it installed: the stripped binary
# (Swift runtime linked in) runs, `man -l` renders the page, each shell takes its completion script; then
# `make uninstall` removes it all. Part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
prefix=/usr/local
fail() { echo "test-install: $*" >&2; exit 1; }

# The release build is quiet (its log is shown only when it fails): say what the wait is for.
echo "test-install: building the shipped binary (release, Swift runtime linked in: a few minutes the first time)..."
started=$SECONDS
make --no-print-directory install DESTDIR="$root" PREFIX="$prefix" > "$root.log" 2>&1 || { cat "$root.log"; fail "make install failed"; }
rm -f "$root.log"
echo "test-install: built and installed in $((SECONDS - started)) s"
bin="$root$prefix/bin/catwalk-logs"
[ -x "$bin" ] || fail "no binary at $bin"
"$bin" --version | grep -q '^[0-9]' || fail "the installed binary does not run"
file "$bin" 2>/dev/null | grep -q 'not stripped' && fail "the binary is not stripped"
ldd "$bin" 2>/dev/null | grep -q 'libswiftCore' && fail "the Swift runtime is not linked in statically"
ldd "$bin" 2>/dev/null | grep -q 'libcurl' && fail "libcurl is linked; the README says it is loaded with the first request"
page="$root$prefix/share/man/man1/catwalk-logs.1"
MANWIDTH=80 man -l "$page" 2>/dev/null | grep -q 'CATWALK-LOGS(1)' || fail "man -l does not render $page"
MANWIDTH=80 man -l "$page" 2>/dev/null | grep -q 'wait' || fail "the installed man page lacks wait"
bash -c "source '$root$prefix/share/bash-completion/completions/catwalk-logs' && complete -p catwalk-logs" > /dev/null \
    || fail "bash does not take the completion script"
grep -q '#compdef catwalk-logs' "$root$prefix/share/zsh/site-functions/_catwalk-logs" || fail "no zsh completion"
grep -q '^complete -c .catwalk-logs' "$root$prefix/share/fish/vendor_completions.d/catwalk-logs.fish" || fail "no fish completion"
echo "test-install: installed $(du -h "$bin" | cut -f1) binary, man page and completions under DESTDIR; uninstalling"
make --no-print-directory uninstall DESTDIR="$root" PREFIX="$prefix" > /dev/null
left=$(find "$root" -type f | head -5)
[ -z "$left" ] || fail "make uninstall left: $left"
echo "test-install: ok"
