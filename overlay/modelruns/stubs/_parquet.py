"""A minimal Apache Parquet writer: required INT64 and DOUBLE columns, one row group, plain.

Foundry answers an experiment series as a Parquet file (``application/octet-stream``); the
stub writes one with the standard library alone: each column one uncompressed data page of
PLAIN values (a required column has no definition or repetition levels), the footer's
``FileMetaData`` in Thrift's compact protocol, as the format specification lays out
(parquet-format's ``parquet.thrift``).
"""

from __future__ import annotations

import struct
from collections.abc import Sequence

__all__ = ["write_table"]

_MAGIC = b"PAR1"
# parquet.thrift enums
_INT64, _DOUBLE = 2, 5
_REQUIRED = 0
_PLAIN, _RLE = 0, 3
_UNCOMPRESSED = 0
_DATA_PAGE = 0
# Thrift compact protocol field types
_I32, _I64, _BINARY, _LIST, _STRUCT = 5, 6, 8, 9, 12

Column = tuple[str, str, Sequence[float]]  # (name, "int64" | "double", values)


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _zigzag(value: int) -> bytes:
    return _varint((value << 1) ^ (value >> 63))


class _Struct:
    """One Thrift struct in the compact protocol; fields must be added in increasing id order."""

    def __init__(self) -> None:
        self.out = bytearray()
        self.last = 0

    def _header(self, field_id: int, kind: int) -> None:
        delta = field_id - self.last
        if 0 < delta <= 15:
            self.out.append((delta << 4) | kind)
        else:
            self.out.append(kind)
            self.out += _zigzag(field_id)
        self.last = field_id

    def i32(self, field_id: int, value: int) -> _Struct:
        self._header(field_id, _I32)
        self.out += _zigzag(value)
        return self

    def i64(self, field_id: int, value: int) -> _Struct:
        self._header(field_id, _I64)
        self.out += _zigzag(value)
        return self

    def string(self, field_id: int, value: str) -> _Struct:
        self._header(field_id, _BINARY)
        data = value.encode()
        self.out += _varint(len(data)) + data
        return self

    def struct(self, field_id: int, value: _Struct) -> _Struct:
        self._header(field_id, _STRUCT)
        self.out += value.end()
        return self

    def items(self, field_id: int, kind: int, encoded: Sequence[bytes]) -> _Struct:
        self._header(field_id, _LIST)
        if len(encoded) < 15:
            self.out.append((len(encoded) << 4) | kind)
        else:
            self.out.append(0xF0 | kind)
            self.out += _varint(len(encoded))
        for item in encoded:
            self.out += item
        return self

    def end(self) -> bytes:
        return bytes(self.out) + b"\x00"


def _string_item(value: str) -> bytes:
    data = value.encode()
    return _varint(len(data)) + data


def write_table(columns: Sequence[Column]) -> bytes:
    """A Parquet file of ``columns`` (all the same length), as bytes."""
    rows = len(columns[0][2]) if columns else 0
    body = bytearray(_MAGIC)
    chunks: list[bytes] = []
    total = 0
    for name, kind, values in columns:
        if len(values) != rows:
            raise ValueError(f"column {name!r} has {len(values)} values, not {rows}")
        physical = _INT64 if kind == "int64" else _DOUBLE
        fmt = "<q" if kind == "int64" else "<d"
        data = b"".join(struct.pack(fmt, int(v) if kind == "int64" else float(v)) for v in values)
        page = _Struct().i32(1, len(values)).i32(2, _PLAIN).i32(3, _RLE).i32(4, _RLE)
        header = (
            _Struct().i32(1, _DATA_PAGE).i32(2, len(data)).i32(3, len(data)).struct(5, page).end()
        )
        offset = len(body)
        body += header + data
        size = len(header) + len(data)
        total += size
        meta = (
            _Struct()
            .i32(1, physical)
            .items(2, _I32, [_zigzag(_PLAIN)])
            .items(3, _BINARY, [_string_item(name)])
            .i32(4, _UNCOMPRESSED)
            .i64(5, len(values))
            .i64(6, size)
            .i64(7, size)
            .i64(9, offset)
        )
        chunks.append(_Struct().i64(2, offset).struct(3, meta).end())
    schema = [_Struct().string(4, "schema").i32(5, len(columns)).end()]
    for name, kind, _ in columns:
        physical = _INT64 if kind == "int64" else _DOUBLE
        schema.append(_Struct().i32(1, physical).i32(3, _REQUIRED).string(4, name).end())
    groups = []
    if rows:
        groups.append(_Struct().items(1, _STRUCT, chunks).i64(2, total).i64(3, rows).end())
    footer = (
        _Struct()
        .i32(1, 1)
        .items(2, _STRUCT, schema)
        .i64(3, rows)
        .items(4, _STRUCT, groups)
        .string(6, "modelruns stub")
        .end()
    )
    return bytes(body) + footer + struct.pack("<i", len(footer)) + _MAGIC
