#!/bin/sh
# Writes a C file that embeds FILE as a NUL-terminated array NAME and its length NAME_len:
#   sh tools/embed.sh NAME FILE > out.c
# (plain od and awk: no xxd needed).  Used for the built-in layout (src/dashboard.yaml).
set -eu
name=$1
file=$2
printf '/* Generated from %s by tools/embed.sh: do not edit. */\n#include <stddef.h>\n\n' "$file"
printf 'const char %s[] = {\n' "$name"
od -An -v -tx1 "$file" | awk '{ line = "\t"; for (i = 1; i <= NF; i++) line = line "0x" $i ", "; print line }'
printf '\t0x00\n};\n'
printf 'const size_t %s_len = sizeof %s - 1;\n' "$name" "$name"
