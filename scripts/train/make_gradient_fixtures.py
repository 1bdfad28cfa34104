#!/usr/bin/python3
"""Loss and every parameter's gradient for tiny Falcons, computed by PyTorch autograd through the
reference forward pass of scripts/model/make_parity_fixtures.py: the truth TrainableFalconTest
checks our hand-written backward pass against (1e-4).

    /usr/bin/python3 scripts/train/make_gradient_fixtures.py lib/src/test/resources/train-fixtures
"""
import json, os, sys
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "model"))
from make_parity_fixtures import Cfg, forward, random_weights, write_safetensors  # noqa: E402

VARIANTS = {
    # What we pretrain: 7B-style multi-query, parallel attention + MLP, rotary, no biases, tied head.
    "train-7b-style": {"model_type": "falcon", "vocab_size": 61, "hidden_size": 32, "num_hidden_layers": 2,
                       "num_attention_heads": 4, "multi_query": True, "parallel_attn": True, "bias": False,
                       "alibi": False, "new_decoder_architecture": False, "layer_norm_epsilon": 1e-5,
                       "tie_word_embeddings": True},
    # 40B-style grouped-query attention with two layer norms and a stored lm_head.
    "train-40b-style": {"model_type": "falcon", "vocab_size": 53, "hidden_size": 32, "num_hidden_layers": 2,
                        "num_attention_heads": 4, "num_kv_heads": 2, "new_decoder_architecture": True,
                        "parallel_attn": True, "bias": False, "alibi": False, "rope_theta": 500.0,
                        "layer_norm_epsilon": 1e-5, "tie_word_embeddings": False},
    # Classic multi-head, interleaved QKV, sequential blocks, biases, rotary.
    "train-sequential-bias": {"model_type": "falcon", "vocab_size": 47, "hidden_size": 24, "num_hidden_layers": 2,
                              "num_attention_heads": 3, "multi_query": False, "parallel_attn": False, "bias": True,
                              "alibi": False, "new_decoder_architecture": False, "layer_norm_epsilon": 1e-5,
                              "ffn_hidden_size": 40},
}

def main(out_root):
    for k, (name, config) in enumerate(VARIANTS.items()):
        out = os.path.join(out_root, name)
        os.makedirs(out, exist_ok=True)
        cfg = Cfg(config)
        gen = torch.Generator().manual_seed(77 + k)
        W = {key: val.float().requires_grad_(True) for key, val in random_weights(cfg, gen).items()}
        B, T = 2, 10
        inputs = torch.randint(0, cfg.vocab, (B, T), generator=gen)
        targets = torch.randint(0, cfg.vocab, (B, T), generator=gen)
        logits = torch.cat([forward(cfg, W, inputs[b].tolist()) for b in range(B)])   # [B*T, vocab]
        loss = F.cross_entropy(logits, targets.flatten())
        loss.backward()
        with open(os.path.join(out, "config.json"), "w") as f:
            json.dump(config, f, indent=2)
        write_safetensors(os.path.join(out, "model.safetensors"), {n: w.detach() for n, w in W.items()})
        write_safetensors(os.path.join(out, "grads.safetensors"), {n: w.grad for n, w in W.items()})
        with open(os.path.join(out, "batch.json"), "w") as f:
            json.dump({"batch": B, "seq_len": T, "inputs": inputs.flatten().tolist(),
                       "targets": targets.flatten().tolist(), "loss": loss.item()}, f)

def lora(out_root):
    """LoRA on the 7B-style model: W + (alpha/r)·B·A on all four linears, base frozen, loss on the
    second half of each sequence only (targets -100 elsewhere), gradients of A and B by autograd."""
    out = os.path.join(out_root, "lora-7b-style")
    os.makedirs(out, exist_ok=True)
    config = VARIANTS["train-7b-style"]
    cfg = Cfg(config)
    gen = torch.Generator().manual_seed(500)
    base = {key: val.float() for key, val in random_weights(cfg, gen).items()}
    r, alpha = 4, 8.0
    adapters = {}
    for i in range(cfg.layers):
        for name in ["self_attention.query_key_value", "self_attention.dense", "mlp.dense_h_to_4h", "mlp.dense_4h_to_h"]:
            w = base[f"transformer.h.{i}.{name}.weight"]
            key = f"base_model.model.transformer.h.{i}.{name}"
            adapters[key + ".lora_A.weight"] = (torch.rand(r, w.shape[1], generator=gen) * 2 - 1).requires_grad_(True)
            adapters[key + ".lora_B.weight"] = (torch.randn(w.shape[0], r, generator=gen) * 0.1).requires_grad_(True)
    W = dict(base)
    for key in list(base):
        a = "base_model.model." + key.replace(".weight", "") + ".lora_A.weight"
        if a in adapters:
            b = a.replace("lora_A", "lora_B")
            W[key] = base[key] + (alpha / r) * adapters[b] @ adapters[a]
    B, T = 2, 10
    inputs = torch.randint(0, cfg.vocab, (B, T), generator=gen)
    targets = torch.randint(0, cfg.vocab, (B, T), generator=gen)
    targets[:, : T // 2] = -100
    logits = torch.cat([forward(cfg, W, inputs[b].tolist()) for b in range(B)])
    loss = F.cross_entropy(logits, targets.flatten(), ignore_index=-100)
    loss.backward()
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    write_safetensors(os.path.join(out, "model.safetensors"), base)
    os.makedirs(os.path.join(out, "adapter"), exist_ok=True)
    write_safetensors(os.path.join(out, "adapter", "adapter_model.safetensors"), {k: v.detach() for k, v in adapters.items()})
    with open(os.path.join(out, "adapter", "adapter_config.json"), "w") as f:
        json.dump({"peft_type": "LORA", "r": r, "lora_alpha": alpha, "target_modules":
                   ["query_key_value", "dense", "dense_h_to_4h", "dense_4h_to_h"]}, f)
    write_safetensors(os.path.join(out, "grads.safetensors"), {k: v.grad for k, v in adapters.items()})
    with open(os.path.join(out, "batch.json"), "w") as f:
        json.dump({"batch": B, "seq_len": T, "inputs": inputs.flatten().tolist(),
                   "targets": targets.flatten().tolist(), "loss": loss.item(), "rank": r, "alpha": alpha}, f)

if __name__ == "__main__":
    main(sys.argv[1])
    lora(sys.argv[1])
