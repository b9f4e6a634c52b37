"""Response decoders compiled once per model: check and build the generated models in one pass.

The generic route, ``check(raw)`` then the generated ``from_dict(raw)``, walks every body twice
and pays for a dict copy, a ``pop`` per field and keyword construction per object. Here each
generated model class gets specialised Python functions, written from the spec schema and the
model's attrs fields when the operation is first described.

- ``_walker``: the one walk of a schema beside its model classes, as plans (what to check and
  how to convert each value), which both routes write from;
- ``_emit``: what both routes' source shares; ``_fast`` writes the fast route (any deviation
  raises ``DeclinedError``, its one signal) and ``_tolerant`` the tolerant one (deviations kept
  and recorded as ``(JSON path, kind, detail)``);
- ``_routes``: ``compile_decoder``, ``compile_tolerant`` and ``decode_fast_or_tolerant``, where
  only the declined signal sends a body from the fast route to the tolerant one;
- ``_batch``: ``PatternBatch``, each ``pattern``'s strings of a body checked in one run;
- ``_values``: enum pseudo-members, ``UnparsedValue`` and the UUID conversion;
- ``_json``: ``loads`` (msgspec first) and the collector pause around a decode.

The fast route changes speed, never the outcome: a body it declines is decided by the tolerant
route, which names the bad field or raises the generator's own error.
"""

from modelruns._decode._batch import PatternBatch
from modelruns._decode._emit import DeclinedError
from modelruns._decode._json import gc_paused, loads
from modelruns._decode._routes import (
    Decoder,
    Deviations,
    TolerantDecoder,
    compile_decoder,
    compile_tolerant,
    decode_fast_or_tolerant,
    decode_typed,
)
from modelruns._decode._values import UnknownEnumValue, UnparsedValue, unknown_enum_value

__all__ = [
    "DeclinedError",
    "Decoder",
    "Deviations",
    "PatternBatch",
    "TolerantDecoder",
    "UnknownEnumValue",
    "UnparsedValue",
    "compile_decoder",
    "compile_tolerant",
    "decode_fast_or_tolerant",
    "decode_typed",
    "gc_paused",
    "loads",
    "unknown_enum_value",
]
