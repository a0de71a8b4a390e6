#!/usr/bin/env bash
# Regenerates the lean Latin faces in fonts/files from Debian's fonts-noto-core.
# Needs: apt-get install fonts-noto-core fonttools. The Myanmar faces are copied unchanged.
set -euo pipefail
cd "$(dirname "$0")/files"
src=/usr/share/fonts/truetype/noto
ranges="U+0000-024F,U+0259,U+02B0-02FF,U+0300-036F,U+1E00-1EFF,U+2000-206F,U+2070-209F,U+20A0-20CF,U+2100-215F,U+2190-2199,U+2212,U+2215,U+2219,U+221E,U+2260,U+2264,U+2265,U+25CC,U+25CF,U+FB00-FB04,U+FEFF,U+FFFD"
for s in Regular Bold Italic BoldItalic; do
  pyftsubset "$src/NotoSans-$s.ttf" --unicodes="$ranges" --layout-features='*' \
    --no-hinting --desubroutinize --output-file="NotoSans-$s.ttf"
done
cp "$src/NotoSansMyanmar-Regular.ttf" "$src/NotoSansMyanmar-Bold.ttf" .
cp /usr/share/fonts/truetype/mm/Pyidaungsu-2.3_Regular.ttf Pyidaungsu-Regular.ttf
cp /usr/share/fonts/truetype/mm/Pyidaungsu-2.3_Bold.ttf Pyidaungsu-Bold.ttf
