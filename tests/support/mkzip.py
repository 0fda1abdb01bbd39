#!/usr/bin/python3
"""Builds the zip archives the Slack zip tests import, at test time, from a
fixture folder (no binary zip is committed). Python's zipfile writes them;
the bad ones are then patched byte by byte where zipfile cannot write them
(encrypted flag, lying sizes, damage).

usage: mkzip.py KIND SRC_DIR OUT.zip
KIND:
  root       files at the top, entries in reverse name order, no directory entries
  top        everything under one top folder, with directory entries
  slip       root + an entry '../evil.json'
  absolute   root + an entry '/tmp/evil.json'
  encrypted  root, users.json flagged as encrypted
  big        root, users.json declaring 300 MiB uncompressed
  lying      root, users.json declaring 10 bytes less than it has
  shorter    root, users.json declaring 10 bytes more than it has
  damaged    root, users.json's compressed data overwritten
  truncated  root, cut in the middle
  notslack   one file readme.txt
  empty      an empty archive (only the end record)
  several    the export twice, under two top folders
  twice      root + users.json a second time
"""
import io
import os
import struct
import sys
import zipfile


def files(src):
    out = []
    for dirpath, dirnames, names in os.walk(src):
        dirnames.sort()
        for n in sorted(names):
            full = os.path.join(dirpath, n)
            out.append((os.path.relpath(full, src).replace(os.sep, "/"), full))
    return sorted(out)


def pack(src, top="", dirs=False, reverse=False, extra=()):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        entries = files(src)
        if reverse:
            entries.reverse()
        seen = set()
        if dirs and top:
            z.writestr(zipfile.ZipInfo(top + "/"), b"")
        for rel, full in entries:
            if dirs and "/" in rel:
                d = top + "/" + rel.rsplit("/", 1)[0] + "/" if top else rel.rsplit("/", 1)[0] + "/"
                if d not in seen:
                    seen.add(d)
                    z.writestr(zipfile.ZipInfo(d), b"")
            with open(full, "rb") as f:
                z.writestr((top + "/" if top else "") + rel, f.read())
        for name, data in extra:
            z.writestr(zipfile.ZipInfo(name), data)
    return bytearray(buf.getvalue())


def records(data):
    """(central record offset, local header offset, name) of every entry."""
    eocd = data.rfind(b"PK\x05\x06")
    count, = struct.unpack_from("<H", data, eocd + 10)
    off, = struct.unpack_from("<I", data, eocd + 16)
    out = []
    for _ in range(count):
        nlen, elen, clen = struct.unpack_from("<HHH", data, off + 28)
        lho, = struct.unpack_from("<I", data, off + 42)
        out.append((off, lho, data[off + 46:off + 46 + nlen].decode()))
        off += 46 + nlen + elen + clen
    return out


def entry(data, name):
    for cen, loc, n in records(data):
        if n == name:
            return cen, loc
    raise SystemExit("no entry " + name)


def set_flag(data, name, bit):
    cen, loc = entry(data, name)
    for at in (cen + 8, loc + 6):
        v, = struct.unpack_from("<H", data, at)
        struct.pack_into("<H", data, at, v | bit)


def set_size(data, name, fn):
    cen, loc = entry(data, name)
    size, = struct.unpack_from("<I", data, cen + 24)
    for at in (cen + 24, loc + 22):
        struct.pack_into("<I", data, at, fn(size))


def damage(data, name):
    cen, loc = entry(data, name)
    csize, = struct.unpack_from("<I", data, cen + 20)
    nlen, elen = struct.unpack_from("<HH", data, loc + 26)
    start = loc + 30 + nlen + elen
    for i in range(start + 2, start + csize - 2):
        data[i] = 0xFF


def main():
    kind, src, out = sys.argv[1:4]
    if kind == "top":
        data = pack(src, top="Acme Slack export Mar 4 2024 - Mar 5 2024", dirs=True)
    elif kind == "several":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for top in ("a", "b"):
                for rel, full in files(src):
                    with open(full, "rb") as f:
                        z.writestr(top + "/" + rel, f.read())
        data = bytearray(buf.getvalue())
    elif kind == "notslack":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("readme.txt", b"hello\n")
        data = bytearray(buf.getvalue())
    elif kind == "empty":
        data = bytearray(b"PK\x05\x06" + b"\0" * 18)
    else:
        extra = {"slip": [("../evil.json", b"[]")],
                 "absolute": [("/tmp/evil.json", b"[]")]}.get(kind, [])
        data = pack(src, reverse=True, extra=extra)
        if kind == "twice":
            import warnings
            warnings.simplefilter("ignore")
            buf = io.BytesIO(bytes(data))
            with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as z:
                z.writestr("users.json", b"[]")
            data = bytearray(buf.getvalue())
        elif kind == "encrypted":
            set_flag(data, "users.json", 1)
        elif kind == "big":
            set_size(data, "users.json", lambda s: 300 << 20)
        elif kind == "lying":
            set_size(data, "users.json", lambda s: s - 10)
        elif kind == "shorter":
            set_size(data, "users.json", lambda s: s + 10)
        elif kind == "damaged":
            damage(data, "users.json")
        elif kind == "truncated":
            data = data[:len(data) // 2]
        elif kind not in ("root", "slip", "absolute"):
            raise SystemExit("unknown kind " + kind)
    with open(out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
