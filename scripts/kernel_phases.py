"""Where a trivial cell's round trip goes, per phase: from the kernel's message dates and this client's clock.

Run through `scripts/kernel-bench.sh --phases [ROUNDS] [CODE]`. Phases: request sent -> status busy
(receive, verify, parse), busy -> execute_input, execute_input -> execute_result (evaluation and
rendering), execute_result -> status idle (reply, history), idle -> seen by this client.
"""
import datetime, os, statistics, sys, time
from jupyter_client.manager import KernelManager
R = int(sys.argv[1]) if len(sys.argv) > 1 else 200
CODE = sys.argv[2] if len(sys.argv) > 2 else "1"
km = KernelManager(kernel_name="falconet"); km.start_kernel()
kc = km.client(); kc.start_channels(); kc.wait_for_ready(timeout=120)
def run(code):
    t_send = time.time()
    mid = kc.execute(code)
    got = {}
    while True:
        m = kc.get_iopub_msg(timeout=60)
        if m["parent_header"].get("msg_id") != mid: continue
        t = m["msg_type"]
        if t == "status": t = m["content"]["execution_state"]
        d = m["header"]["date"]
        got[t] = (d if hasattr(d, "timestamp") else datetime.datetime.fromisoformat(d.replace("Z", "+00:00"))).timestamp()
        if t == "idle":
            return t_send, got, time.time()
try:
  for _ in range(21): run(CODE)
  ph = {k: [] for k in ["send->busy", "busy->input", "input->result", "result->idle", "idle->client", "total"]}
  for _ in range(R):
      s, g, e = run(CODE)
      ph["send->busy"].append(g["busy"] - s); ph["busy->input"].append(g["execute_input"] - g["busy"])
      ph["input->result"].append(g.get("execute_result", g["idle"]) - g["execute_input"])
      ph["result->idle"].append(g["idle"] - g.get("execute_result", g["idle"]))
      ph["idle->client"].append(e - g["idle"]); ph["total"].append(e - s)
  for k, v in ph.items():
      print(f"{k:14s} median {1000*statistics.median(v):6.2f} ms  mean {1000*statistics.mean(v):6.2f} ms")
  print(f"load {os.getloadavg()[0]:.1f}")
finally:
  kc.stop_channels(); km.shutdown_kernel(now=True)
