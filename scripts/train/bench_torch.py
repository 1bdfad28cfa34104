#!/usr/bin/python3
"""The same Falcon-shaped training step as TrainingBenchmark in PyTorch (Debian's 1.13, CPU):
forward through the reference model of scripts/model/make_parity_fixtures.py (batched here),
cross-entropy, backward, clipping, AdamW. Prints tokens/s. Threads: $TORCH_THREADS if set (Debian's
build defaults to 1 on this 2-core VM; bench.sh sets 2, the cores Falconet uses).

    bench_torch.py VOCAB HIDDEN LAYERS HEADS BATCH SEQ STEPS
"""
import math, os, sys, time
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "model"))
from make_parity_fixtures import Cfg, forward, random_weights  # noqa: E402

vocab, d, layers, heads, B, T, steps = map(int, sys.argv[1:8])
if os.environ.get("TORCH_THREADS"):
    torch.set_num_threads(int(os.environ["TORCH_THREADS"]))
cfg = Cfg({"vocab_size": vocab, "hidden_size": d, "num_hidden_layers": layers, "num_attention_heads": heads,
           "multi_query": True, "parallel_attn": True, "bias": False, "alibi": False, "new_decoder_architecture": False})
torch.manual_seed(0)
W = {k: v.float().requires_grad_(True) for k, v in random_weights(cfg, torch.Generator().manual_seed(1)).items()}
params = list(W.values())
opt = torch.optim.AdamW(params, lr=1e-3, betas=(0.9, 0.95), weight_decay=0.1)
n = sum(p.numel() for p in params)
warm = 3
for s in range(warm + steps):
    if s == warm:
        t0 = time.perf_counter()
    x = torch.randint(0, vocab, (B, T))
    y = torch.randint(0, vocab, (B, T))
    opt.zero_grad()
    logits = torch.cat([forward(cfg, W, x[b].tolist()) for b in range(B)])
    loss = F.cross_entropy(logits, y.flatten())
    loss.backward()
    torch.nn.utils.clip_grad_norm_(params, 1.0)
    opt.step()
dt = time.perf_counter() - t0
print(f"pytorch:  params={n} batch={B} seq={T} steps={steps}  {B * T * steps / dt:.0f} tokens/s  (threads={torch.get_num_threads()})")
