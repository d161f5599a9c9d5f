#!/bin/sh
# Regenerate docs/brief-page1.png, the picture of a brief shown in the README:
# page 1 of the PDF brief of our own sample article (needs pdftoppm, from poppler-utils).
set -eu
cd "$(dirname "$0")/.."
python="${PYTHON:-.venv/bin/python}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$python" -m reportgen build sources/arctic-shipping-corridor.txt -o "$tmp" -f pdf -q
pdftoppm -r 80 -png -f 1 -l 1 -singlefile "$tmp/arctic-shipping-corridor.pdf" docs/brief-page1
# docs/digest-contents.png: page 1 of a digest of every sample, with its contents.
"$python" -m reportgen digest sources -o "$tmp" -f pdf --title "Morning Read-File" -q
pdftoppm -r 80 -png -f 1 -l 1 -singlefile "$tmp/digest.pdf" docs/digest-contents
