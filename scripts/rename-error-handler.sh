#!/usr/bin/env bash
# Renames the ErrorHandler behaviour to FailurePolicy across the tree (issue 13, item 6: names that say the role).
#
# Why FailurePolicy: the behaviour classifies how a connection failed (Category), decides whether and after how
# long it reconnects (shouldReconnect, reconnectDelayMs) and hears the venue's error responses: a policy over
# failures, not a handler of errors. "ErrorHandler" also clashes with org.agrona.ErrorHandler, the callback every
# Agrona AgentRunner takes, which the engine's own threads use.
#
# Run once from the repository root after every issue-13 branch is merged (they all touch ErrorHandler's users):
#   scripts/rename-error-handler.sh && ./mvnw -o -q -B test-compile
# What it renames, in every tracked text file (sources, tests, docs, the ArchUnit stores):
#   ErrorHandler, DefaultErrorHandler, DeribitErrorHandler, any *ErrorHandler type -> *FailurePolicy (files too)
#   errorHandler (adapter factory method, builder method, option name, fields)     -> failurePolicy
#   ERROR_HANDLER (the Option constant)                                             -> FAILURE_POLICY
#   "error handler" / "Error handler" in prose                                       -> "failure policy"
# It never touches org.agrona.ErrorHandler: a file that imports it keeps the bare name ErrorHandler (there it is
# Agrona's) and gets only the prefixed and fully qualified wsnova names renamed. It prints what is left to check.
set -euo pipefail

root=$(git rev-parse --show-toplevel 2>/dev/null || pwd)
cd "$root"
self="scripts/rename-error-handler.sh"

if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    list_files() { git ls-files; }
    move() { git mv "$1" "$2"; }
else
    list_files() { find . -type f -not -path './.git/*' -not -path '*/target/*' | sed 's|^\./||'; }
    move() { mv "$1" "$2"; }
fi

# 1. Files whose name carries the type.
list_files | grep 'ErrorHandler' | while read -r file; do
    target=$(dirname "$file")/$(basename "$file" | sed 's/ErrorHandler/FailurePolicy/g')
    move "$file" "$target"
    echo "moved   $file -> $target"
done

# 2. Contents: every tracked text file but this script.
list_files | grep -v "^$self\$" | while read -r file; do
    [ -f "$file" ] || continue
    grep -Iq . "$file" 2>/dev/null || continue  # skip binary files
    grep -q 'ErrorHandler\|errorHandler\|ERROR_HANDLER\|[Ee]rror handler' "$file" || continue
    if grep -q 'import org\.agrona\.ErrorHandler;' "$file"; then agrona=1; else agrona=0; fi
    AGRONA=$agrona perl -0pi -e '
        s/org\.agrona\.ErrorHandler/\x00AGRONA_EH\x00/g;
        s/io\.wsnova\.engine\.behaviour\.(\w*)ErrorHandler\b/io.wsnova.engine.behaviour.$1FailurePolicy/g;
        if ($ENV{AGRONA}) { s/\b(\w+)ErrorHandler\b/$1FailurePolicy/g; }
        else              { s/\b(\w*)ErrorHandler\b/$1FailurePolicy/g; }
        s/\berrorHandler(s?)\b/failurePolicy$1/g;
        s/\bERROR_HANDLER\b/FAILURE_POLICY/g;
        s/\berror handler(s?)\b/"failure polic" . ($1 ? "ies" : "y")/ge;
        s/\bError handler(s?)\b/"Failure polic" . ($1 ? "ies" : "y")/ge;
        s/\x00AGRONA_EH\x00/org.agrona.ErrorHandler/g;
    ' "$file"
    echo "renamed $file$([ "$agrona" = 1 ] && echo ' (imports org.agrona.ErrorHandler: its bare type name kept; check the errorHandler -> failurePolicy renames there)')"
done

# 3. What is left: Agrona's ErrorHandler only, or a name to look at by hand.
echo "--- left (expect only org.agrona.ErrorHandler and its uses):"
list_files | grep -v "^$self\$" | xargs grep -In 'ErrorHandler\|errorHandler\|ERROR_HANDLER' 2>/dev/null || true
