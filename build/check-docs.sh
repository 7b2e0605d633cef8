#!/usr/bin/env bash
# Checks that the repository explains itself from the inside (build/test.sh runs it first):
#  1. no file refers to design notes that are not in the repository (or to their numbered
#     sections), or to an absolute path on a developer's machine: what a maintainer needs is
#     written into docs/;
#  2. every reference to a docs page (`docs/x.md#section` in code comments and text, relative
#     links in Markdown) names a file that exists and, with '#section', a heading that exists
#     (anchors as GitHub makes them from headings).
# Prints one line per problem and exits 1 if there is any. Needs bash 4, git, grep, awk and GNU
# realpath.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
self="build/check-docs.sh"
problems=0
report() { echo "check-docs: $*"; problems=$((problems + 1)); }

# Tracked and new (not ignored) files, minus this script, which has to name what it looks for.
mapfile -t files < <(git ls-files -co --exclude-standard 2>/dev/null | grep -v -x -F "$self" | while IFS= read -r f; do [ -f "$f" ] && printf '%s\n' "$f"; done)
if [ "${#files[@]}" -eq 0 ]; then
  echo "check-docs: no files found (run it inside a git checkout)" >&2
  exit 1
fi
mapfile -t markdown < <(printf '%s\n' "${files[@]}" | grep -E '\.md$')

# ---- 1. references to notes outside the repository ----
outside='kfp-ir\.md|containers\.md|DESIGN\.md|msbuild-roslyn-recipes|\.\./shared/|/work/'
while IFS= read -r hit; do
  [ -n "$hit" ] || continue
  location="${hit%%:*}"; rest="${hit#*:}"; line="${rest%%:*}"; text="${rest#*:}"
  what="$(grep -oE "$outside" <<<"$text" | head -n1)"
  report "$location:$line: refers to '$what', which is not in this repository; point to docs/ instead"
done < <(printf '%s\0' "${files[@]}" | xargs -0 grep -HnIE "$outside" 2>/dev/null)

# Numbered sections ("§5") belong to documents that are not here; docs/ pages have named anchors.
while IFS= read -r hit; do
  [ -n "$hit" ] || continue
  location="${hit%%:*}"; rest="${hit#*:}"; line="${rest%%:*}"
  report "$location:$line: refers to a numbered section (§); link a docs/ page and its #section instead"
done < <(printf '%s\0' "${files[@]}" | xargs -0 grep -HnIF '§' 2>/dev/null)

# ---- 2. references to docs pages and their sections ----
declare -A anchor_cache=()

# The anchors GitHub derives from a Markdown file's headings (outside code fences): lower case,
# punctuation dropped, spaces to '-', repeats suffixed -1, -2, ...; plus explicit id/name anchors.
# (POSIX awk only: mawk has no {m,n} intervals.)
load_anchors() {
  local file="$1"
  if [ -z "${anchor_cache[$file]+x}" ]; then
    anchor_cache[$file]="$(awk '
      /^[ \t]*(```|~~~)/ { fence = !fence; next }
      fence { next }
      /^#+[ \t]/ && match($0, /^#+/) && RLENGTH <= 6 {
        text = $0
        sub(/^#+[ \t]+/, "", text); sub(/[ \t]+#*[ \t]*$/, "", text)
        slug = tolower(text)
        gsub(/[^a-z0-9 _-]/, "", slug)
        gsub(/ /, "-", slug)
        if (slug in seen) { n = ++seen[slug]; print slug "-" n } else { seen[slug] = 0; print slug }
      }
      {
        line = $0
        while (match(line, /(id|name)="[^"]+"/)) {
          a = substr(line, RSTART, RLENGTH); sub(/^[a-z]+="/, "", a); sub(/"$/, "", a); print a
          line = substr(line, RSTART + RLENGTH)
        }
      }' "$file")"
  fi
}

# check <where> <path as written> <resolved path> <anchor or empty>
check() {
  local where="$1" written="$2" path="$3" anchor="$4"
  if [ ! -e "$path" ]; then
    report "$where: '$written': no file $path"
  elif [ -n "$anchor" ]; then
    if [ ! -f "$path" ] || [[ "$path" != *.md ]]; then
      report "$where: '$written': $path is not a Markdown file, so it has no section '#$anchor'"
    else
      load_anchors "$path"   # not in a subshell, so the cache keeps it
      if ! grep -qxF -- "$anchor" <<<"${anchor_cache[$path]}"; then
        report "$where: '$written': $path has no section '#$anchor' (its sections: $(tr '\n' ' ' <<<"${anchor_cache[$path]}"))"
      fi
    fi
  fi
}

# 2a. docs/<file>.md[#anchor] anywhere (code comments, scripts, text), taken from the repository root.
while IFS= read -r hit; do
  [ -n "$hit" ] || continue
  location="${hit%%:*}"; rest="${hit#*:}"; line="${rest%%:*}"; ref="${rest#*:}"
  target="${ref#"${ref%%docs/*}"}"          # drop any leading ../
  path="${target%%#*}"; anchor=""
  [[ "$target" == *"#"* ]] && anchor="${target#*#}"
  check "$location:$line" "$ref" "$path" "$anchor"
done < <(printf '%s\0' "${files[@]}" | xargs -0 grep -HnoIE '(\.\./)*docs/[A-Za-z0-9_./-]+\.md(#[A-Za-z0-9_-]+)?' 2>/dev/null)

# 2b. relative links in Markdown files: [text](path[#anchor]) and [text](#anchor).
while IFS= read -r hit; do
  [ -n "$hit" ] || continue
  location="${hit%%:*}"; rest="${hit#*:}"; line="${rest%%:*}"; link="${rest#*:}"
  target="${link#](}"; target="${target%)}"
  case "$target" in http://*|https://*|mailto:*) continue ;; esac
  path="${target%%#*}"; anchor=""
  [[ "$target" == *"#"* ]] && anchor="${target#*#}"
  if [ -z "$path" ]; then path="$location"; else path="$(dirname "$location")/$path"; fi
  path="$(realpath -m --relative-to="$root" "$path")"
  check "$location:$line" "$target" "$path" "$anchor"
done < <(printf '%s\0' "${markdown[@]}" | xargs -0 grep -HnoE '\]\([^)[:space:]]+\)' 2>/dev/null)

if [ "$problems" -gt 0 ]; then
  echo "check-docs: $problems problem(s): fix the references above (docs live in docs/, see docs/design.md)"
  exit 1
fi
echo "check-docs: ok (${#files[@]} files, no references outside the repository, every docs link resolves)"
