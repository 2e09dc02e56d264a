#!/usr/bin/python3
"""Computes, independently of .NET, the content hash of content_hash_manifest.json (a VersionManifest as
Research/Registry writes it, with a non-ASCII '≥', an '&', a '<', quotes, a null metric value and a 64-bit seed) and
writes it to content_hash_fixture.json for FileModelRegistryTests / ContentAddressTests.

content_hash_manifest.json itself was written once by .NET (JsonSerializer.Serialize(manifest, RegistryJson.Indented)
of a hand-built manifest); this script only reads it, so the expected hash does not come from .NET.
Canonical JSON: keys sorted at every level, no whitespace, non-ASCII written as itself, UTF-8; SHA-256, lower-case hex.
Run from this folder with Debian's interpreter: /usr/bin/python3 make_content_hash_fixture.py
"""
import hashlib
import json

with open("content_hash_manifest.json", encoding="utf-8") as f:
    manifest = json.load(f)
canonical = json.dumps(manifest, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
with open("content_hash_fixture.json", "w", encoding="utf-8") as f:
    json.dump({"manifest": "content_hash_manifest.json", "sha256": digest, "version_id": digest[:16]}, f, indent=2)
    f.write("\n")
print(digest)
