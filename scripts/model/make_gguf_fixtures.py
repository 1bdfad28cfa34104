#!/usr/bin/env python3
"""Writes the GGUF test fixtures with llama.cpp's own gguf-py, independently of Falconet's GGUF writer.

For each parity fixture (lib/src/test/resources/model-fixtures/<variant>/, made by make_parity_fixtures.py) this
writes <variant>/gguf-py.f32.gguf and <variant>/gguf-py.q8_0.gguf as llama.cpp's convert_hf_to_gguf.py
(FalconModel) would: the same metadata keys, tensor names from gguf-py's own name map, the fused QKV reordered
to (all queries, all keys, all values), 1-D tensors in F32 and matrices in F32 or Q8_0 (gguf-py's quantiser,
bit-exact with ggml's quantize_row_q8_0_ref). One addition: falcon.rope.freq_base when the config's rope_theta
is not 10000 (the converter leaves it out; llama.cpp reads it when present), so the logits match PyTorch's.

Usage: python3 scripts/model/make_gguf_fixtures.py /path/to/llama.cpp
  (a source snapshot; only its gguf-py/ is used: needs numpy)
"""
import json
import struct
import sys
from pathlib import Path

import numpy as np

LLAMA = Path(sys.argv[1]) if len(sys.argv) > 1 else sys.exit(__doc__)
sys.path.insert(0, str(LLAMA / "gguf-py"))
try:
    import sentencepiece  # noqa: F401  (gguf-py imports it for vocabularies; nothing here uses it)
except ImportError:
    import types
    sys.modules["sentencepiece"] = types.SimpleNamespace(SentencePieceProcessor=None)
import gguf  # noqa: E402

ROOT = Path(__file__).resolve().parents[2] / "lib/src/test/resources/model-fixtures"
VARIANTS = ["falcon-7b-style", "falcon-40b-style", "falcon-newarch-1ln"]
DTYPES = {"F32": np.float32, "F16": np.float16}


def read_safetensors(path):
    raw = path.read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        b, end = e["data_offsets"]
        buf = raw[8 + n + b:8 + n + end]
        if e["dtype"] == "BF16":   # numpy has no bfloat16: the top half of an f32
            a = (np.frombuffer(buf, dtype=np.uint16).astype(np.uint32) << 16).view(np.float32)
        else:
            a = np.frombuffer(buf, dtype=DTYPES[e["dtype"]]).astype(np.float32)
        out[name] = a.reshape(e["shape"])
    return out


def write(variant, qtype):
    d = ROOT / variant
    cfg = json.loads((d / "config.json").read_text())
    tensors = {}
    for f in sorted(d.glob("*.safetensors")):   # one file or shards
        tensors.update(read_safetensors(f))
    n_layer = cfg["num_hidden_layers"]
    n_head = cfg["num_attention_heads"]
    n_head_kv = cfg.get("num_kv_heads") or 1
    hidden = cfg["hidden_size"]
    head_dim = hidden // n_head
    name = "f32" if qtype == gguf.GGMLQuantizationType.F32 else "q8_0"
    w = gguf.GGUFWriter(str(d / f"gguf-py.{name}.gguf"), "falcon")
    # FalconModel.set_gguf_parameters
    w.add_context_length(2048)
    w.add_tensor_data_layout("jploski")
    w.add_embedding_length(hidden)
    w.add_feed_forward_length(4 * hidden)
    w.add_block_count(n_layer)
    w.add_head_count(n_head)
    w.add_head_count_kv(n_head_kv)
    w.add_layer_norm_eps(cfg["layer_norm_epsilon"])
    w.add_file_type(gguf.LlamaFileType.ALL_F32 if name == "f32" else gguf.LlamaFileType.MOSTLY_Q8_0)
    if cfg.get("rope_theta", 10000.0) != 10000.0:
        w.add_rope_freq_base(cfg["rope_theta"])
    names = gguf.get_tensor_name_map(gguf.MODEL_ARCH.FALCON, n_layer)
    for hf, data in tensors.items():
        if "query_key_value" in hf:   # FalconModel.modify_tensors, in numpy
            qkv = data.reshape(n_head_kv, n_head // n_head_kv + 2, head_dim, head_dim * n_head)
            q = qkv[:, :-2].reshape(n_head * head_dim, head_dim * n_head)
            k = qkv[:, [-2]].reshape(n_head_kv * head_dim, head_dim * n_head)
            v = qkv[:, [-1]].reshape(n_head_kv * head_dim, head_dim * n_head)
            data = np.concatenate((q, k, v)).reshape(data.shape)
        new = names.get_name(hf, try_suffixes=(".weight", ".bias"))
        if new is None:
            sys.exit(f"{variant}: no GGUF name for {hf}")
        if data.ndim <= 1 or qtype == gguf.GGMLQuantizationType.F32:
            w.add_tensor(new, np.ascontiguousarray(data, dtype=np.float32))
        else:
            q8 = gguf.quants.quantize(data, qtype)
            w.add_tensor(new, q8, raw_shape=q8.shape, raw_dtype=qtype)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


for v in VARIANTS:
    for t in (gguf.GGMLQuantizationType.F32, gguf.GGMLQuantizationType.Q8_0):
        write(v, t)
        print("wrote", v, t.name)
