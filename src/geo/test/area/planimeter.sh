#!/bin/sh
# Reference areas from GeographicLib's Planimeter (Debian package geographiclib-tools), an
# implementation independent of this repository's code. For every ring of every fixture in
# in/, prints: file, polygon index, ring index, Planimeter's "vertices perimeter area".
# Planimeter reads "lat lon" lines; the closing position is dropped (Planimeter closes rings).
# Usage (from this folder): sh planimeter.sh
set -eu
for f in in/*.geojson; do
  jq -r '.features[0].geometry | if .type == "Polygon" then [.coordinates] else .coordinates end
         | to_entries[] | .key as $p | .value | to_entries[] | "\($p) \(.key) \(.value[:-1] | map("\(.[1]) \(.[0])") | join(";"))"' "$f" |
  while read -r p r points; do
    printf '%s %s %s ' "$f" "$p" "$r"
    echo "$points" | tr ';' '\n' | Planimeter -e 6378137 0.0033528106811823 -p 10
  done
done
