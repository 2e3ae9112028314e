#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 CacheSnap authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Generates core/model/elasticache.h, core/model/s3.h and core/model/ec2.h from botocore's service models.

The structures CacheSnap reads and writes, and the descriptions (Shape<S>) that its XML, JSON and Query
readers and writers are generic over, come from the same JSON model every AWS SDK is generated from. Every
member of every shape reachable from the operations below is kept, in model order.

    scripts/generate-model.py                 # rewrite core/model/elasticache.h, s3.h and ec2.h
    scripts/generate-model.py --check         # exit 1 if a checked-in header differs (prints a diff)
    scripts/generate-model.py --service s3    # one of them only
    scripts/generate-model.py --service s3 --model PATH    # another service-2.json(.gz)

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
    # Restore, tags and automatic-backup settings.
    "CreateReplicationGroup", "CreateCacheCluster", "CreateServerlessCache",
    "ModifyReplicationGroup", "ModifyCacheCluster", "ModifyServerlessCache",
    "ListTagsForResource", "AddTagsToResource", "RemoveTagsFromResource",
    "DescribeCacheSubnetGroups", "DescribeCacheParameterGroups", "DescribeCacheEngineVersions",
]

# Members held on the heap because they are usually absent and a listing keeps 100,000 of their owners.
HEAP_MEMBERS = {("NodeSnapshot", "NodeGroupConfiguration")}

# String members whose values are unique per item (names, ARNs, tokens, a snapshot's size): not worth interning.
# Every other string member repeats across a listing (engine, node type, status, group ids, windows) and is
# interned.
UNIQUE_STRINGS = {"SnapshotName", "ARN", "ServerlessCacheSnapshotName", "Marker", "NextToken",
                  "Message", "Address", "CacheSize", "BytesUsedForCache"}

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


def default_model_path(service_dir="elasticache/2015-02-02"):
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
            path = pathlib.Path(directory) / "data" / service_dir / "service-2.json.gz"
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


# ---- S3 (REST-XML) -------------------------------------------------------------------------------------------

S3_OUTPUT = ROOT / "core" / "model" / "s3.h"

# The S3 operations CacheSnap calls: the export check reads a bucket, the fix writes its ACL, policy or
# ownership controls, and following an export lists the objects under its prefix.
S3_OPERATIONS = [
    "ListBuckets", "HeadBucket", "GetBucketLocation", "GetBucketAcl", "PutBucketAcl", "GetBucketPolicy",
    "PutBucketPolicy", "GetBucketOwnershipControls", "PutBucketOwnershipControls", "GetBucketEncryption",
    "ListObjectsV2", "HeadObject",
]

# botocore reads GetBucketLocation's answer with a handler of its own (handlers.parse_get_bucket_location): the
# document element is the LocationConstraint member itself, not a wrapper around the members.
S3_ROOT_TEXT_MEMBER = {"GetBucketLocation": "LocationConstraint"}

S3_LOCATIONS = {None: None, "uri": "ShapeField::Uri", "querystring": "ShapeField::Query",
                "header": "ShapeField::Header", "headers": "ShapeField::Headers",
                "statusCode": "ShapeField::StatusCode"}


def generate_s3(model, version, paginators):
    shapes = model["shapes"]
    order = []
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

    operations = []
    for op in S3_OPERATIONS:
        spec = model["operations"][op]
        visit(spec["input"]["shape"])
        output = spec.get("output", {}).get("shape")
        if output:
            visit(output)
        operations.append((op, spec, output))

    def member_type(owner, member_name, member):
        target = shapes[member["shape"]]
        kind = target["type"]
        if kind in SCALARS:
            return SCALARS[kind]
        if kind == "list":
            item = shapes[target["member"]["shape"]]
            if item["type"] == "structure":
                return f"ShapeList<{target['member']['shape']}>"
            if item["type"] == "string":
                return "ShapeList<QString>"
            raise SystemExit(f"{owner}.{member_name}: lists of {item['type']} are not supported yet")
        if kind == "structure":
            return f"std::optional<{member['shape']}>"
        if kind == "map":
            if member.get("location") != "headers":
                raise SystemExit(f"{owner}.{member_name}: maps are only supported as prefixed headers")
            return "QMap<QString, QString>"
        raise SystemExit(f"{owner}.{member_name}: {kind} is not supported yet")

    def wire(owner, member_name, member):
        """The FieldWire initialiser of a member: where it travels and under which name."""
        target = shapes[member["shape"]]
        location = member.get("location")
        if location not in S3_LOCATIONS:
            raise SystemExit(f"{owner}.{member_name}: location {location} is not supported")
        parts = []
        flags = []
        if S3_LOCATIONS[location]:
            parts.append(f".location = {S3_LOCATIONS[location]}")
        wire_name = member.get("locationName", member_name)
        if target["type"] == "list" and target.get("flattened") and location is None:
            # botocore (parsers._member_key_name): a flattened list's items are named by the list's member, else
            # by the member itself.
            wire_name = target["member"].get("locationName", wire_name)
            flags.append("ShapeField::Flattened")
        if wire_name != member_name or location is not None:
            parts.append(f'.wireName = "{wire_name}"')
        if target["type"] == "list" and not target.get("flattened") and location is None:
            parts.append(f'.itemName = "{target["member"].get("locationName", "member")}"')
        if member.get("xmlAttribute"):
            flags.append("ShapeField::XmlAttribute")
        if target["type"] == "timestamp":
            fmt = target.get("timestampFormat", "rfc822" if location in ("header", "headers") else "iso8601")
            if fmt == "rfc822":
                flags.append("ShapeField::HttpDate")
            elif fmt != "iso8601":
                raise SystemExit(f"{owner}.{member_name}: timestamp format {fmt} is not supported")
        if shapes[owner].get("payload") == member_name:
            flags.append("ShapeField::Payload")
        if flags:
            parts.append(".flags = " + " | ".join(flags))
        if "xmlNamespace" in member:
            parts.append(f'.xmlNamespace = "{member["xmlNamespace"]["uri"]}"')
        return "{" + ", ".join(parts) + "}" if parts else None

    out = []
    w = out.append
    w("// SPDX-FileCopyrightText: 2026 CacheSnap authors")
    w("// SPDX-License-Identifier: GPL-3.0-or-later")
    w("// GENERATED by scripts/generate-model.py from botocore "
      f"{version}'s s3 {model['metadata']['apiVersion']} service model. Do not edit:")
    w("// change the script (operations, customisations) and run it again; tst_model checks that it still matches.")
    w("// clang-format off")
    w("#pragma once")
    w("")
    w('#include "shape.h"')
    w("")
    w("#include <QMap>")
    w("#include <QString>")
    w("")
    w("#include <optional>")
    w("")
    w(f'inline constexpr QLatin1StringView kS3ModelVersion("{version}");')
    w(f'inline constexpr QLatin1StringView kS3ApiVersion("{model["metadata"]["apiVersion"]}");')
    w('inline constexpr QLatin1StringView kS3XmlNamespace("http://s3.amazonaws.com/doc/2006-03-01/");')
    w("")
    w("// The structures of the S3 operations below, named as the model names them (S3::Grant, S3::ListObjectsV2Output).")
    w("namespace S3 {")
    w("")
    w("// The output of an operation that returns nothing but its status.")
    w("struct EmptyOutput")
    w("{")
    w("    bool operator==(const EmptyOutput &) const = default;")
    w("};")
    for name in order:
        shape = shapes[name]
        w("")
        w(f"struct {name}")
        w("{")
        for member_name, member in shape["members"].items():
            w(f"    {member_type(name, member_name, member)} {cpp_member(member_name)};")
        if shape["members"]:
            w("")
        w(f"    bool operator==(const {name} &) const = default;")
        w("};")
    w("")
    w("} // namespace S3")
    w("")
    w("template<> struct Shape<S3::EmptyOutput>")
    w("{")
    w('    static constexpr QLatin1StringView name {"EmptyOutput"};')
    w("    static constexpr auto fields = std::make_tuple();")
    w("};")
    for name in order:
        shape = shapes[name]
        w("")
        w(f"template<> struct Shape<S3::{name}>")
        w("{")
        w(f'    static constexpr QLatin1StringView name {{"{name}"}};')
        if "xmlNamespace" in shape:
            ns = shape["xmlNamespace"]
            w(f'    static constexpr XmlNamespace xmlNamespace {{"{ns.get("prefix", "")}", "{ns["uri"]}"}};')
        if not shape["members"]:
            w("    static constexpr auto fields = std::make_tuple();")
            w("};")
            continue
        w("    static constexpr auto fields = std::make_tuple(")
        lines = []
        for member_name, member in shape["members"].items():
            pointer = f"&S3::{name}::{cpp_member(member_name)}"
            spec = wire(name, member_name, member)
            if spec:
                lines.append(f'        wireField("{member_name}", {pointer}, {spec})')
            else:
                lines.append(f'        field("{member_name}", {pointer})')
        w(",\n".join(lines) + ");")
        w("};")

    w("")
    w("// Every structure above, for code and tests that go over all of them.")
    w("using S3Shapes = std::tuple<" + ", ".join("S3::" + n for n in order) + ">;")
    w("")
    w("// ---- operations ---------------------------------------------------------------------------------------")
    w("")
    w("namespace S3Operation {")
    for op, spec, output in operations:
        http = spec["http"]
        pages = paginators.get(op)
        w("")
        w(f"struct {op}")
        w("{")
        w(f'    static constexpr QLatin1StringView name {{"{op}"}};')
        w(f'    static constexpr QLatin1StringView method {{"{http["method"]}"}};')
        w(f'    static constexpr QLatin1StringView requestUri {{"{http["requestUri"]}"}};')
        checksum = spec.get("httpChecksum", {}).get("requestChecksumRequired", False) or spec.get(
            "httpChecksumRequired", False)
        w(f"    static constexpr bool checksumRequired = {'true' if checksum else 'false'};")
        if op in S3_ROOT_TEXT_MEMBER:
            w(f'    static constexpr QLatin1StringView rootTextMember {{"{S3_ROOT_TEXT_MEMBER[op]}"}};')
        if pages:
            w(f'    static constexpr QLatin1StringView inputToken {{"{pages["input_token"]}"}};')
            w(f'    static constexpr QLatin1StringView outputToken {{"{pages["output_token"]}"}};')
        w(f"    using Request = S3::{spec['input']['shape']};")
        w(f"    using Output = S3::{output if output else 'EmptyOutput'};")
        w("};")
    w("")
    w("} // namespace S3Operation")
    return "\n".join(out) + "\n"


# ---- EC2 (the "ec2" protocol) -------------------------------------------------------------------------------

EC2_OUTPUT = ROOT / "core" / "model" / "ec2.h"

# The EC2 operations CacheSnap calls: the restore dialog picks a VPC cache's security groups from the account.
EC2_OPERATIONS = ["DescribeSecurityGroups"]


def ec2_query_name(member_name, member):
    """botocore's EC2Serializer._get_serialized_name: queryName, else the locationName capitalised, else the member's
    name. The C++ side derives it from the wire name (Ec2 dialect of queryparams.h), so a queryName that says
    otherwise cannot be described yet."""
    location_name = member.get("locationName")
    derived = location_name[0].upper() + location_name[1:] if location_name else member_name
    if member.get("queryName", derived) != derived:
        raise SystemExit(f"{member_name}: a queryName other than the capitalised locationName is not supported yet")
    return derived


def generate_ec2(model, version, paginators):
    shapes = model["shapes"]
    order = []
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
            if shape.get("flattened"):
                raise SystemExit(f"{name}: flattened lists are not supported in the ec2 protocol yet")
            visit(shape["member"]["shape"])
        elif shape["type"] == "map":
            raise SystemExit(f"{name}: map shapes are not supported in the ec2 protocol yet")

    operations = []
    for op in EC2_OPERATIONS:
        spec = model["operations"][op]
        visit(spec["input"]["shape"])
        visit(spec["output"]["shape"])
        operations.append((op, spec["input"]["shape"], spec["output"]["shape"]))

    def member_type(owner, member_name, member):
        target = shapes[member["shape"]]
        kind = target["type"]
        if kind in SCALARS:
            return SCALARS[kind]
        if kind == "list":
            item = shapes[target["member"]["shape"]]
            if item["type"] == "structure":
                return f"ShapeList<{target['member']['shape']}>"
            if item["type"] == "string":
                return "ShapeList<QString>"
            raise SystemExit(f"{owner}.{member_name}: lists of {item['type']} are not supported yet")
        if kind == "structure":
            return f"std::optional<{member['shape']}>"
        raise SystemExit(f"{owner}.{member_name}: {kind} is not supported yet")

    def field_line(owner, member_name, member):
        pointer = f"&Ec2::{owner}::{cpp_member(member_name)}"
        target = shapes[member["shape"]]
        ec2_query_name(member_name, member)
        if target["type"] == "timestamp" and target.get("timestampFormat", "iso8601") != "iso8601":
            raise SystemExit(f"{owner}.{member_name}: timestamp format {target['timestampFormat']} is not supported")
        parts = []
        # The element of the answer (EC2 names members in lower camel case: <groupId>, <securityGroupInfo>).
        if member.get("locationName", member_name) != member_name:
            parts.append(f'.wireName = "{member["locationName"]}"')
        if target["type"] == "list":
            parts.append(f'.itemName = "{target["member"].get("locationName", "member")}"')
        if not parts:
            return f'        field("{member_name}", {pointer})'
        return f'        wireField("{member_name}", {pointer}, {{{", ".join(parts)}}})'

    out = []
    w = out.append
    w("// SPDX-FileCopyrightText: 2026 CacheSnap authors")
    w("// SPDX-License-Identifier: GPL-3.0-or-later")
    w("// GENERATED by scripts/generate-model.py from botocore "
      f"{version}'s ec2 {model['metadata']['apiVersion']} service model. Do not edit:")
    w("// change the script (operations, customisations) and run it again; tst_model checks that it still matches.")
    w("// clang-format off")
    w("#pragma once")
    w("")
    w('#include "shape.h"')
    w("")
    w("#include <QString>")
    w("")
    w("#include <optional>")
    w("")
    w(f'inline constexpr QLatin1StringView kEc2ModelVersion("{version}");')
    w(f'inline constexpr QLatin1StringView kEc2ApiVersion("{model["metadata"]["apiVersion"]}");')
    # The service writes the namespace with a trailing slash; the model's metadata has none.
    w(f'inline constexpr QLatin1StringView kEc2XmlNamespace("{model["metadata"]["xmlNamespace"].rstrip("/")}/");')
    w("")
    w("// The structures of the EC2 operations below, named as the model names them (Ec2::SecurityGroup, Ec2::Filter).")
    w("// Each member's wire name is its locationName: the element of the answer (<groupId>), and, capitalised, its")
    w("// request parameter (GroupId.1); see the Ec2 dialect of queryparams.h.")
    w("namespace Ec2 {")
    for name in order:
        shape = shapes[name]
        w("")
        w(f"struct {name}")
        w("{")
        for member_name, member in shape["members"].items():
            w(f"    {member_type(name, member_name, member)} {cpp_member(member_name)};")
        w("")
        w(f"    bool operator==(const {name} &) const = default;")
        w("};")
    w("")
    w("} // namespace Ec2")
    for name in order:
        shape = shapes[name]
        w("")
        w(f"template<> struct Shape<Ec2::{name}>")
        w("{")
        w(f'    static constexpr QLatin1StringView name {{"{name}"}};')
        w("    static constexpr auto fields = std::make_tuple(")
        w(",\n".join(field_line(name, m, spec) for m, spec in shape["members"].items()) + ");")
        w("};")

    w("")
    w("// Every structure above, for code and tests that go over all of them.")
    w("using Ec2Shapes = std::tuple<" + ", ".join("Ec2::" + n for n in order) + ">;")
    w("")
    w("// ---- operations ---------------------------------------------------------------------------------------")
    w("")
    w("namespace Ec2Operation {")
    for op, inp, outp in operations:
        pages = paginators.get(op)
        w("")
        w(f"struct {op}")
        w("{")
        w(f'    static constexpr QLatin1StringView name {{"{op}"}};')
        w(f"    using Request = Ec2::{inp};")
        w(f"    using Result = Ec2::{outp};")
        if pages:
            members = shapes[inp]["members"]
            token = pages["input_token"]
            w("    // Paginated (botocore's paginators-1.json): the request parameter that carries the next page's token,")
            w("    // the result member that names it, and the member whose items the pages add up.")
            w(f'    static constexpr QLatin1StringView inputToken {{"{ec2_query_name(token, members[token])}"}};')
            w(f"    static constexpr auto outputToken = &Result::{cpp_member(pages['output_token'])};")
            w(f"    static constexpr auto resultKey = &Result::{cpp_member(pages['result_key'])};")
        w("};")
    w("")
    w("} // namespace Ec2Operation")
    aliases = [f"using {op}{kind} = {shape};" for op, inp, outp in operations
               for kind, shape in (("Request", inp), ("Result", outp)) if shape != op + kind]
    if aliases:
        w("")
        w("// The request and result of each operation under one naming scheme (Ec2::<Operation>Request, …Result).")
        w("namespace Ec2 {")
        out.extend(aliases)
        w("} // namespace Ec2")
    return "\n".join(out) + "\n"


SERVICES = {
    "elasticache": ("elasticache/2015-02-02", OUTPUT),
    "s3": ("s3/2006-03-01", S3_OUTPUT),
    "ec2": ("ec2/2016-11-15", EC2_OUTPUT),
}


def generate_service(service, path, version):
    model = load(path)
    if service in ("s3", "ec2"):
        paginators_path = pathlib.Path(str(path).replace("service-2.json.gz", "paginators-1.json")
                                       .replace("service-2.json", "paginators-1.json"))
        paginators = json.loads(paginators_path.read_text(encoding="utf-8"))["pagination"] \
            if paginators_path.exists() else {}
        if service == "ec2":
            return generate_ec2(model, version, paginators)
        return generate_s3(model, version, paginators)
    return generate(model, version)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--service", choices=sorted(SERVICES) + ["all"], default="all")
    parser.add_argument("--model", type=pathlib.Path)
    parser.add_argument("--version", help="the botocore version to record (with --model)")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--output", type=pathlib.Path)
    args = parser.parse_args()
    services = sorted(SERVICES) if args.service == "all" else [args.service]
    if (args.model or args.output) and len(services) != 1:
        parser.error("--model and --output need one --service")
    status = 0
    for service in services:
        service_dir, output = SERVICES[service]
        output = args.output or output
        if args.model:
            path, version = args.model, args.version or "unknown"
        else:
            path, version = default_model_path(service_dir)
        text = generate_service(service, path, version)
        if args.check:
            current = output.read_text(encoding="utf-8") if output.exists() else ""
            if current != text:
                sys.stdout.writelines(difflib.unified_diff(current.splitlines(True), text.splitlines(True),
                                                           str(output), "regenerated"))
                status = 1
                continue
            print(f"{output.relative_to(ROOT)} matches botocore {version}'s model")
            continue
        output.write_text(text, encoding="utf-8")
        print(f"wrote {output.relative_to(ROOT)} from botocore {version}")
    return status


if __name__ == "__main__":
    sys.exit(main())
