#!/usr/bin/env python3
"""Validates the guide's pages against the Mallard schema and checks that every
xref names a page (or a page#section) that exists, which the schema cannot."""
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = '{http://projectmallard.org/1.0/}'

schema, pages = sys.argv[1], sys.argv[2:]
subprocess.run(['xmllint', '--noout', '--relaxng', schema, *pages], check=True)

targets = set()
xrefs = []
for path in pages:
    root = ET.parse(path).getroot()
    page_id = root.get('id')
    targets.add(page_id)
    for section in root.iter(NS + 'section'):
        targets.add(page_id + '#' + section.get('id'))
    for element in root.iter():
        if element.get('xref') is not None:
            xrefs.append((path, element.get('xref')))

missing = [f'{path}: xref "{xref}" names no page or section' for path, xref in xrefs if xref not in targets]
for line in missing:
    print(line, file=sys.stderr)
sys.exit(1 if missing else 0)
