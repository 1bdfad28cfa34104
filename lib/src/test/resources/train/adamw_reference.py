# Writes adamw_reference.json: torch.optim.AdamW and clip_grad_norm_ on fixed tensors, the truth
# AdamWTest compares against. Run with Debian's PyTorch: /usr/bin/python3 adamw_reference.py
import json, torch
torch.manual_seed(0)
w = torch.randn(3, 4, dtype=torch.float32)
b = torch.randn(4, dtype=torch.float32)
grads = [(torch.randn(3, 4) * 0.5, torch.randn(4) * 0.5) for _ in range(5)]
lrs = [1e-3, 3e-3, 2e-3, 5e-4, 1e-4]
wp, bp = torch.nn.Parameter(w.clone()), torch.nn.Parameter(b.clone())
opt = torch.optim.AdamW([{"params": [wp], "weight_decay": 0.1}, {"params": [bp], "weight_decay": 0.0}],
                        lr=1e-3, betas=(0.9, 0.95), eps=1e-8)
after = []
for (gw, gb), lr in zip(grads, lrs):
    for g in opt.param_groups:
        g["lr"] = lr
    wp.grad, bp.grad = gw.clone(), gb.clone()
    opt.step()
    after.append({"w": wp.detach().flatten().tolist(), "b": bp.detach().flatten().tolist()})
cw, cb = torch.nn.Parameter(w.clone()), torch.nn.Parameter(b.clone())
cw.grad, cb.grad = grads[0][0].clone() * 4, grads[0][1].clone() * 4
norm = torch.nn.utils.clip_grad_norm_([cw, cb], 1.0)
print(json.dumps({"w": w.flatten().tolist(), "b": b.flatten().tolist(),
                  "grads": [{"w": gw.flatten().tolist(), "b": gb.flatten().tolist()} for gw, gb in grads],
                  "lrs": lrs, "after": after,
                  "clip": {"norm": float(norm), "w": cw.grad.flatten().tolist(), "b": cb.grad.flatten().tolist()}}))
