#!/usr/bin/python3
"""Tiny random Falcon checkpoints and their reference logits, for Falconet's parity tests.

Run with Debian's PyTorch (no transformers needed):
    /usr/bin/python3 scripts/model/make_parity_fixtures.py lib/src/test/resources/model-fixtures

The forward pass below follows transformers' modeling_falcon.py (FalconForCausalLM) step by step:
fused QKV split in its three layouts, NeoX rotary embeddings, ALiBi built in bfloat16, parallel or
sequential blocks with one or two layer norms, exact GELU, tied or stored lm_head. Each model is written in
the Hugging Face layout (config.json + model.safetensors, or shards + model.safetensors.index.json), with
the safetensors format written by hand (8-byte little-endian header length, JSON header, raw data).
"""
import json
import math
import os
import struct
import sys

import torch
import torch.nn.functional as F

DTYPE_NAMES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16"}


# ---------------------------------------------------------------- safetensors, by hand
def tensor_bytes(t):
    t = t.contiguous()
    if t.dtype == torch.bfloat16:  # numpy has no bfloat16: reinterpret the bits as int16
        return t.view(torch.int16).numpy().tobytes()
    return t.numpy().tobytes()  # numpy writes native (little-endian on x86) order


def write_safetensors(path, tensors):
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, t in tensors.items():
        b = tensor_bytes(t)
        header[name] = {"dtype": DTYPE_NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)  # the format pads the header with spaces to 8 bytes
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


# ---------------------------------------------------------------- config (HF FalconConfig rules)
class Cfg:
    def __init__(self, j):
        self.vocab = j["vocab_size"]
        self.d = j.get("hidden_size", j.get("n_embed"))
        self.layers = j.get("num_hidden_layers", j.get("n_layer"))
        self.H = j.get("num_attention_heads", j.get("n_head"))
        self.new_arch = j.get("new_decoder_architecture", j.get("model_type") == "RefinedWeb")
        self.multi_query = j.get("multi_query", True)
        kv = j.get("num_kv_heads", j.get("n_head_kv")) or self.H
        self.kv = kv if self.new_arch else (1 if self.multi_query else self.H)
        self.alibi = j.get("alibi", False)
        self.bias = j.get("bias", False)
        self.parallel = j.get("parallel_attn", True)
        self.eps = j.get("layer_norm_epsilon", 1e-5)
        self.theta = j.get("rope_theta", 10000.0)
        self.ffn = j.get("ffn_hidden_size") or 4 * self.d
        self.num_ln = j.get("num_ln_in_parallel_attn") or 2
        self.tie = j.get("tie_word_embeddings", True)
        self.hd = self.d // self.H
        if self.new_arch:
            self.qkv_out = (2 * self.kv + self.H) * self.hd
        elif self.multi_query:
            self.qkv_out = self.d + 2 * self.hd
        else:
            self.qkv_out = 3 * self.d


# ---------------------------------------------------------------- reference forward (batch 1, float32)
def build_alibi(H, S):
    """transformers' build_alibi_tensor for an all-ones mask: slopes in float32, then bfloat16 product."""
    closest = 2 ** math.floor(math.log2(H))
    base = torch.tensor(2 ** (-(2 ** -(math.log2(closest) - 3))), dtype=torch.float32)
    slopes = torch.pow(base, torch.arange(1, 1 + closest, dtype=torch.int32))
    if closest != H:
        extra = torch.tensor(2 ** (-(2 ** -(math.log2(2 * closest) - 3))), dtype=torch.float32)
        n = min(closest, H - closest)
        slopes = torch.cat([slopes, torch.pow(extra, torch.arange(1, 1 + 2 * n, 2, dtype=torch.int32))])
    mask = torch.ones(1, S, dtype=torch.long)
    arange = ((mask.cumsum(-1) - 1) * mask)[:, None, :]  # [1, 1, S]
    alibi = slopes[..., None].bfloat16() * arange          # [1, H, S] in bfloat16
    return alibi.reshape(H, 1, S).to(torch.float32)


def rotary(cfg, T):
    inv_freq = 1.0 / (cfg.theta ** (torch.arange(0, cfg.hd, 2).float() / cfg.hd))
    t = torch.arange(T, dtype=torch.float32)
    freqs = torch.outer(t, inv_freq)
    emb = torch.cat((freqs, freqs), dim=-1)
    return emb.cos(), emb.sin()  # [T, hd]


def rotate_half(x):
    x1, x2 = x[..., : x.shape[-1] // 2], x[..., x.shape[-1] // 2:]
    return torch.cat((-x2, x1), dim=-1)


def split_heads(cfg, fused):  # fused [T, qkv_out] -> q, k, v [H, T, hd] (k, v broadcast to H heads)
    T = fused.shape[0]
    if cfg.new_arch:
        qkv = fused.view(T, cfg.kv, cfg.H // cfg.kv + 2, cfg.hd)
        q, k, v = qkv[:, :, :-2], qkv[:, :, [-2]], qkv[:, :, [-1]]
        k, v = torch.broadcast_to(k, q.shape), torch.broadcast_to(v, q.shape)
        q, k, v = [x.flatten(1, 2) for x in (q, k, v)]
    elif not cfg.multi_query:
        f = fused.view(T, cfg.H, 3, cfg.hd)
        q, k, v = f[..., 0, :], f[..., 1, :], f[..., 2, :]
    else:
        f = fused.view(T, cfg.H + 2, cfg.hd)
        q, k, v = f[:, :-2], f[:, [-2]], f[:, [-1]]
        k, v = k.expand(T, cfg.H, cfg.hd), v.expand(T, cfg.H, cfg.hd)
    return [x.transpose(0, 1) for x in (q, k, v)]


def linear(W, prefix, x, bias):
    y = x @ W[prefix + ".weight"].T
    return y + W[prefix + ".bias"] if bias else y


def ln(W, prefix, x, eps):
    return F.layer_norm(x, (x.shape[-1],), W[prefix + ".weight"], W[prefix + ".bias"], eps)


def attention(cfg, W, p, x):
    T = x.shape[0]
    q, k, v = split_heads(cfg, linear(W, p + "self_attention.query_key_value", x, cfg.bias))
    inv_norm = 1.0 / math.sqrt(cfg.hd)
    causal = torch.full((T, T), torch.finfo(torch.float32).min).triu(1)
    if not cfg.alibi:
        cos, sin = rotary(cfg, T)
        q, k = q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin
        scores = (q @ k.transpose(-1, -2)) * inv_norm + causal
    else:
        scores = (q @ k.transpose(-1, -2) + build_alibi(cfg.H, T)) * inv_norm + causal
    ctx = F.softmax(scores, dim=-1) @ v                    # [H, T, hd]
    ctx = ctx.transpose(0, 1).reshape(T, cfg.H * cfg.hd)  # merge heads
    return linear(W, p + "self_attention.dense", ctx, cfg.bias)


def mlp(cfg, W, p, x):
    h = F.gelu(linear(W, p + "mlp.dense_h_to_4h", x, cfg.bias))  # exact erf GELU
    return linear(W, p + "mlp.dense_4h_to_h", h, cfg.bias)


def forward(cfg, W, ids):
    h = W["transformer.word_embeddings.weight"][torch.tensor(ids)]
    for i in range(cfg.layers):
        p = f"transformer.h.{i}."
        residual = h
        if cfg.new_arch and cfg.num_ln == 2:
            a_in, m_in = ln(W, p + "ln_attn", h, cfg.eps), ln(W, p + "ln_mlp", h, cfg.eps)
        else:
            a_in = ln(W, p + "input_layernorm", h, cfg.eps)
        a = attention(cfg, W, p, a_in)
        if not cfg.new_arch:
            if cfg.parallel:
                m_in = a_in
            else:
                residual = a + residual
                m_in = ln(W, p + "post_attention_layernorm", residual, cfg.eps)
        if cfg.new_arch and cfg.parallel and cfg.num_ln == 1:
            m_in = a_in
        m = mlp(cfg, W, p, m_in)
        if cfg.new_arch or cfg.parallel:
            m = m + a
        h = m + residual
    h = ln(W, "transformer.ln_f", h, cfg.eps)
    head = W["transformer.word_embeddings.weight"] if cfg.tie else W["lm_head.weight"]
    return h @ head.T


# ---------------------------------------------------------------- random checkpoints
def random_weights(cfg, gen):
    def n(*shape, std=0.3):
        return torch.randn(*shape, generator=gen) * std

    d = cfg.d
    W = {"transformer.word_embeddings.weight": n(cfg.vocab, d, std=0.25)}
    for i in range(cfg.layers):
        p = f"transformer.h.{i}."
        if cfg.new_arch and cfg.num_ln == 2:
            norms = ["ln_attn", "ln_mlp"]
        elif not cfg.new_arch and not cfg.parallel:
            norms = ["input_layernorm", "post_attention_layernorm"]
        else:
            norms = ["input_layernorm"]
        for nm in norms:
            W[p + nm + ".weight"] = 1 + n(d, std=0.1)
            W[p + nm + ".bias"] = n(d, std=0.1)
        shapes = {"self_attention.query_key_value": (cfg.qkv_out, d), "self_attention.dense": (d, cfg.H * cfg.hd),
                  "mlp.dense_h_to_4h": (cfg.ffn, d), "mlp.dense_4h_to_h": (d, cfg.ffn)}
        for name, (o, k) in shapes.items():
            W[p + name + ".weight"] = n(o, k, std=1.0 / math.sqrt(k))
            if cfg.bias:
                W[p + name + ".bias"] = n(o, std=0.1)
    W["transformer.ln_f.weight"] = 1 + n(d, std=0.1)
    W["transformer.ln_f.bias"] = n(d, std=0.1)
    if not cfg.tie:
        W["lm_head.weight"] = n(cfg.vocab, d, std=1.0 / math.sqrt(d))
    return W


VARIANTS = {
    # 7B-style: multi-query, rotary, one layer norm, parallel attention + MLP, no biases, tied head.
    "falcon-7b-style": dict(config={
        "model_type": "falcon", "architectures": ["FalconForCausalLM"], "vocab_size": 97, "hidden_size": 64,
        "num_hidden_layers": 2, "num_attention_heads": 4, "multi_query": True, "parallel_attn": True,
        "bias": False, "alibi": False, "new_decoder_architecture": False, "layer_norm_epsilon": 1e-5,
        "bos_token_id": 11, "eos_token_id": 11, "tie_word_embeddings": True}, dtype=torch.float32, shards=1),
    # 40B-style: grouped-query with the grouped fused QKV layout, two layer norms, bf16, theta from config,
    # stored lm_head, two shards with model.safetensors.index.json.
    "falcon-40b-style": dict(config={
        "model_type": "falcon", "architectures": ["FalconForCausalLM"], "vocab_size": 101, "hidden_size": 64,
        "num_hidden_layers": 2, "num_attention_heads": 8, "num_kv_heads": 2, "new_decoder_architecture": True,
        "multi_query": True, "parallel_attn": True, "bias": False, "alibi": False, "rope_theta": 500.0,
        "layer_norm_epsilon": 1e-5, "tie_word_embeddings": False, "bos_token_id": 11, "eos_token_id": 11},
        dtype=torch.bfloat16, shards=2),
    # rw-style: ALiBi, biases, classic multi-head with interleaved QKV, sequential blocks, float16, the
    # legacy RefinedWebModel names (n_embed, n_head, n_layer), five heads (non-power-of-two ALiBi slopes).
    "falcon-rw-style": dict(config={
        "model_type": "RefinedWebModel", "vocab_size": 89, "n_embed": 60, "n_layer": 2, "n_head": 5,
        "multi_query": False, "parallel_attn": False, "bias": True, "alibi": True, "layer_norm_epsilon": 1e-5,
        "bos_token_id": 1, "eos_token_id": 2}, dtype=torch.float16, shards=1),
    # rw-style with parallel attention: ALiBi, biases, one layer norm, eps from config.
    "falcon-rw-parallel": dict(config={
        "model_type": "falcon", "vocab_size": 83, "hidden_size": 48, "num_hidden_layers": 2,
        "num_attention_heads": 4, "multi_query": False, "parallel_attn": True, "bias": True, "alibi": True,
        "new_decoder_architecture": False, "layer_norm_epsilon": 1e-3, "ffn_hidden_size": 80}, dtype=torch.float32, shards=1),
    # new architecture with one shared layer norm (num_ln_in_parallel_attn = 1, as Falcon-11B).
    "falcon-newarch-1ln": dict(config={
        "model_type": "falcon", "vocab_size": 79, "hidden_size": 64, "num_hidden_layers": 3,
        "num_attention_heads": 4, "num_kv_heads": 1, "new_decoder_architecture": True, "num_ln_in_parallel_attn": 1,
        "parallel_attn": True, "bias": False, "alibi": False, "layer_norm_epsilon": 1e-5}, dtype=torch.float32, shards=1),
}

PROMPT = [3, 14, 15, 9, 26, 5, 35, 8, 9, 7, 9, 32]
NEW_TOKENS = 10


def main(out_root):
    for k, (name, spec) in enumerate(VARIANTS.items()):
        out = os.path.join(out_root, name)
        os.makedirs(out, exist_ok=True)
        cfg = Cfg(spec["config"])
        gen = torch.Generator().manual_seed(1234 + k)
        W = {key: val.to(spec["dtype"]) for key, val in random_weights(cfg, gen).items()}
        Wf = {key: val.float() for key, val in W.items()}  # compute in float32 on the stored values
        with open(os.path.join(out, "config.json"), "w") as f:
            json.dump(spec["config"], f, indent=2)
        if spec["shards"] == 1:
            write_safetensors(os.path.join(out, "model.safetensors"), W)
        else:
            names = list(W)
            per = math.ceil(len(names) / spec["shards"])
            weight_map = {}
            for s in range(spec["shards"]):
                shard = f"model-{s + 1:05d}-of-{spec['shards']:05d}.safetensors"
                part = {n: W[n] for n in names[s * per:(s + 1) * per]}
                write_safetensors(os.path.join(out, shard), part)
                weight_map.update({n: shard for n in part})
            total = sum(len(tensor_bytes(t)) for t in W.values())
            with open(os.path.join(out, "model.safetensors.index.json"), "w") as f:
                json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f, indent=2)
        with torch.no_grad():
            logits = forward(cfg, Wf, PROMPT)  # [T, vocab]
            ids, margins = list(PROMPT), []
            for _ in range(NEW_TOKENS):  # greedy by full recompute, as generate() without a cache would
                last = forward(cfg, Wf, ids)[-1]
                top2 = torch.topk(last, 2).values
                margins.append(float(top2[0] - top2[1]))
                ids.append(int(torch.argmax(last)))
        logits.contiguous().numpy().astype("<f4").tofile(os.path.join(out, "expected_logits.f32"))
        with open(os.path.join(out, "expected.json"), "w") as f:
            json.dump({"input_ids": PROMPT, "logits_shape": list(logits.shape), "logits_file": "expected_logits.f32",
                       "greedy_new_ids": ids[len(PROMPT):], "min_greedy_margin": min(margins),
                       "reference": "scripts/model/make_parity_fixtures.py (torch " + torch.__version__ + ")"}, f, indent=2)
        print(f"{name}: logits {list(logits.shape)} max|.|={logits.abs().max():.3f} greedy {ids[len(PROMPT):]} "
              f"min margin {min(margins):.4f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "lib/src/test/resources/model-fixtures")
