#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 CacheSnap authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Generates core/model/elasticache.h from botocore's ElastiCache service model.

The structures CacheSnap reads and writes, and the descriptions (Shape<S>) that its XML, JSON and Query
readers and writers are generic over, come from the same JSON model every AWS SDK is generated from. Every
member of every shape reachable from the operations below is kept, in model order.

    scripts/generate-model.py                 # rewrite core/model/elasticache.h
    scripts/generate-model.py --check         # exit 1 if the checked-in header differs (prints a diff)
    scripts/generate-model.py --model PATH    # another service-2.json(.gz)

By default the model is the one of the botocore that `aws` on PATH uses (Debian's python3-botocore is older
and lacks the serverless operations). The build never runs this script: the header is checked in.
"""
import argparse
import difflib
import gzip
import json
import os
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "core" / "model" / "elasticache.h"

# The operations CacheSnap calls (and the sandbox answers). Adding one here and regenerating gives its request,
# result and every nested shape.
OPERATIONS = [
    "DescribeSnapshots", "CreateSnapshot", "CopySnapshot", "DeleteSnapshot",
    "DescribeCacheClusters", "DescribeReplicationGroups", "DescribeServerlessCaches",
    "DescribeServerlessCacheSnapshots", "CreateServerlessCacheSnapshot", "CopyServerlessCacheSnapshot",
    "DeleteServerlessCacheSnapshot", "ExportServerlessCacheSnapshot", "DescribeEvents",
]

# Members held on the heap because they are usually absent and a listing keeps 100,000 of their owners.
HEAP_MEMBERS = {("NodeSnapshot", "NodeGroupConfiguration")}

# String members whose values are unique per item (names, ARNs, tokens): not worth interning. Every other
# string member repeats across a listing (engine, node type, status, group ids, windows) and is interned.
UNIQUE_STRINGS = {"SnapshotName", "ARN", "ServerlessCacheSnapshotName", "Marker", "NextToken",
                  "Message", "Address"}

# Hand-written declarations inside a generated structure (defined in core/snapshot.cpp).
EXTRA_DECLARATIONS = {
    "Snapshot": [
        "bool isAutomatic() const;",
        "// Sum of the node snapshots' CacheSize values, in bytes; -1 when none can be read.",
        "qint64 totalSizeBytes() const;",
        "// The earliest SnapshotCreateTime of the node snapshots (the instant the backup was taken).",
        "QDateTime createTime() const;",
    ],
}

SCALARS = {"string": "QString", "integer": "std::optional<int>", "long": "std::optional<qint64>",
           "double": "std::optional<double>", "float": "std::optional<double>", "boolean": "std::optional<bool>",
           "timestamp": "Timestamp"}


def default_model_path():
    try:
        aws = subprocess.run(["aws", "--version"], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        aws = None
    for python in ("python3",):
        out = subprocess.run([python, "-c", "import botocore, os; print(os.path.dirname(botocore.__file__), "
                              "botocore.__version__)"], capture_output=True, text=True, check=False)
        if out.returncode == 0:
            directory, version = out.stdout.split()
            if aws is not None and f"botocore/{version}" not in (aws.stdout + aws.stderr):
                print(f"note: python3's botocore {version} is not the one `aws` uses "
                      f"({(aws.stdout + aws.stderr).strip()})", file=sys.stderr)
            path = pathlib.Path(directory) / "data" / "elasticache" / "2015-02-02" / "service-2.json.gz"
            return path, version
    sys.exit("botocore is not importable: pass --model PATH")


def load(path):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def cpp_member(name):
    """SnapshotName -> snapshotName, ARN -> arn, ECPUPerSecond -> ecpuPerSecond, S3BucketName -> s3BucketName."""
    m = re.match(r"[A-Z]+", name)
    run = m.group(0) if m else ""
    if len(run) == len(name):
        return name.lower()
    if len(run) > 1 and name[len(run)].islower():
        run = run[:-1]
    return run.lower() + name[len(run):]


def generate(model, version):
    shapes = model["shapes"]
    order = []  # structures, dependencies first
    seen = set()

    def visit(name):
        if name in seen:
            return
        seen.add(name)
        shape = shapes[name]
        if shape["type"] == "structure":
            for member in shape["members"].values():
                visit(member["shape"])
            order.append(name)
        elif shape["type"] == "list":
            visit(shape["member"]["shape"])
        elif shape["type"] == "map":
            raise SystemExit(f"{name}: map shapes are not supported by the Query readers yet")

    operations = []
    for op in OPERATIONS:
        spec = model["operations"][op]
        visit(spec["input"]["shape"])
        visit(spec["output"]["shape"])
        operations.append((op, spec["input"]["shape"], spec["output"]["shape"],
                           spec["output"].get("resultWrapper", op + "Result")))

    def member_type(owner, member_name, member):
        target = shapes[member["shape"]]
        kind = target["type"]
        if kind in SCALARS:
            return SCALARS[kind]
        if kind == "list":
            if target.get("flattened"):
                raise SystemExit(f"{owner}.{member_name}: flattened lists are not supported yet")
            item = shapes[target["member"]["shape"]]
            if item["type"] == "structure":
                return f"ShapeList<{target['member']['shape']}>"
            if item["type"] == "string":
                return "ShapeList<QString>"
            raise SystemExit(f"{owner}.{member_name}: lists of {item['type']} are not supported yet")
        if kind == "structure":
            holder = "HeapOptional" if (owner, member_name) in HEAP_MEMBERS else "std::optional"
            return f"{holder}<{member['shape']}>"
        raise SystemExit(f"{owner}.{member_name}: {kind} is not supported yet")

    out = []
    w = out.append
    w("// SPDX-FileCopyrightText: 2026 CacheSnap authors")
    w("// SPDX-License-Identifier: GPL-3.0-or-later")
    w("// GENERATED by scripts/generate-model.py from botocore "
      f"{version}'s elasticache 2015-02-02 service model. Do not edit:")
    w("// change the script (operations, customisations) and run it again; tst_model checks that it still matches.")
    w("// clang-format off")
    w("#pragma once")
    w("")
    w('#include "shape.h"')
    w("")
    w("#include <QDateTime>")
    w("#include <QString>")
    w("")
    w("#include <optional>")
    w("")
    w(f'inline constexpr QLatin1StringView kElastiCacheModelVersion("{version}");')
    w(f'inline constexpr QLatin1StringView kElastiCacheApiVersion("{model["metadata"]["apiVersion"]}");')
    w(f'inline constexpr QLatin1StringView kElastiCacheXmlNamespace("{model["metadata"]["xmlNamespace"]}");')
    for name in order:
        shape = shapes[name]
        w("")
        w(f"struct {name}")
        w("{")
        for member_name, member in shape["members"].items():
            w(f"    {member_type(name, member_name, member)} {cpp_member(member_name)};")
        w("")
        for line in EXTRA_DECLARATIONS.get(name, []):
            w(f"    {line}")
        w(f"    bool operator==(const {name} &) const = default;")
        w("};")
        w("")
        w(f"template<> struct Shape<{name}>")
        w("{")
        w(f'    static constexpr QLatin1StringView name {{"{name}"}};')
        w("    static constexpr auto fields = std::make_tuple(")
        lines = []
        for member_name, member in shape["members"].items():
            target = shapes[member["shape"]]
            if member.get("locationName", member_name) != member_name:
                raise SystemExit(f"{name}.{member_name}: a locationName on a member is not supported yet")
            pointer = f"&{name}::{cpp_member(member_name)}"
            flags = ""
            if target["type"] == "string" and member_name not in UNIQUE_STRINGS:
                flags = ", ShapeField::Interned"
            if target["type"] == "list":
                item = target["member"].get("locationName", "member")
                if shapes[target["member"]["shape"]]["type"] == "string" and member_name not in UNIQUE_STRINGS:
                    flags = ", ShapeField::Interned"
                lines.append(f'        listField("{member_name}", {pointer}, "{item}"{flags})')
            else:
                lines.append(f'        field("{member_name}", {pointer}{flags})')
        w(",\n".join(lines) + ");")
        w("};")

    w("")
    w("// Every structure above, for code and tests that go over all of them.")
    w("using ElastiCacheShapes = std::tuple<" + ", ".join(order) + ">;")
    w("")
    w("// ---- operations ---------------------------------------------------------------------------------------")
    w("")
    w("namespace ElastiCacheOperation {")
    for op, inp, outp, wrapper in operations:
        w("")
        w(f"struct {op}")
        w("{")
        w(f'    static constexpr QLatin1StringView name {{"{op}"}};')
        w(f'    static constexpr QLatin1StringView resultElement {{"{wrapper}"}};')
        w(f"    using Request = {inp};")
        w(f"    using Result = {outp};")
        w("};")
    w("")
    w("} // namespace ElastiCacheOperation")
    w("")
    w("// The request and result of each operation under one naming scheme (<Operation>Request, <Operation>Result).")
    for op, inp, outp, _ in operations:
        if inp != op + "Request":
            w(f"using {op}Request = {inp};")
        if outp != op + "Result":
            w(f"using {op}Result = {outp};")
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=pathlib.Path)
    parser.add_argument("--version", help="the botocore version to record (with --model)")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--output", type=pathlib.Path, default=OUTPUT)
    args = parser.parse_args()
    if args.model:
        path, version = args.model, args.version or "unknown"
    else:
        path, version = default_model_path()
    text = generate(load(path), version)
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            sys.stdout.writelines(difflib.unified_diff(current.splitlines(True), text.splitlines(True),
                                                       str(args.output), "regenerated"))
            return 1
        print(f"{args.output.relative_to(ROOT)} matches botocore {version}'s model")
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output.relative_to(ROOT)} from botocore {version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
