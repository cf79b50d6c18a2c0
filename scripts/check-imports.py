#!/usr/bin/env python3
"""Every module a target imports must be declared in Package.swift as one of its dependencies.

SwiftPM lets a target import anything its dependencies pull in transitively (and its
`--explicit-target-dependency-import-check` is not enforced on Linux), so this reads
`swift package dump-package` and each target's sources and fails on an undeclared import.
"""
import json
import os
import re
import subprocess
import sys

SYSTEM = {
    "Glibc", "Musl", "Darwin", "Foundation", "FoundationEssentials", "Dispatch", "Synchronization", "Testing",
    "XCTest", "_Concurrency", "Swift", "PackageDescription", "os",
}
IMPORT = re.compile(
    r"^[ \t]*(?:@\w+(?:\([^)\n]*\))?[ \t]+)*(?:(?:public|package|internal|private|fileprivate)[ \t]+)?"
    r"import[ \t]+(?:(?:struct|class|enum|protocol|func|var|let|typealias)[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)",
    re.M)

package = json.loads(subprocess.check_output(["swift", "package", "dump-package"], text=True))
problems = []
for target in package["targets"]:
    if target["type"] == "system":
        continue
    declared = set()
    for dependency in target.get("dependencies", []):
        for kind in ("byName", "target", "product"):
            if kind in dependency:
                declared.add(dependency[kind][0])
    base = "Tests" if target["type"] == "test" else "Sources"
    path = target.get("path") or os.path.join(base, target["name"])
    for root, _, files in os.walk(path):
        for name in files:
            if not name.endswith(".swift"):
                continue
            file = os.path.join(root, name)
            with open(file, encoding="utf-8") as handle:
                text = handle.read()
            text = re.sub(r'#*"""(.*?)"""#*', "", text, flags=re.S)  # embedded scripts are not Swift imports
            for module in IMPORT.findall(text):
                if module in SYSTEM or module in declared or module == target["name"].replace("-", "_"):
                    continue
                problems.append(f"{file}: imports {module}, which target {target['name']} does not declare")

for problem in sorted(set(problems)):
    print(problem)
if problems:
    print(f"check-imports: {len(set(problems))} undeclared import(s); add them to the target's dependencies")
    sys.exit(1)
print(f"check-imports: every import of {len(package['targets'])} targets is declared")
