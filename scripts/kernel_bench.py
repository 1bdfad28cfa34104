"""Kernel speed: start to first result, and a trivial cell's round trip (execute_request to idle).

Run through scripts/kernel-bench.sh, which installs the kernelspec into a temporary JUPYTER_PATH.
Targets (issue 4): first result under 3 s, round-trip median under 20 ms.
"""
import os
import statistics
import sys
import time

from jupyter_client.manager import KernelManager

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 200


def cpu_seconds(km):
    """User+system CPU time of the kernel process (all its threads), or None where unknown."""
    try:
        pid = km.provisioner.process.pid
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except Exception:
        return None


def thread_cpu_seconds(km):
    """CPU seconds per kernel thread group: the shell thread (which evaluates cells), the JIT compilers, the rest."""
    groups = {"shell": 0.0, "jit": 0.0, "other": 0.0}
    try:
        pid = km.provisioner.process.pid
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{tid}/comm") as f:
                    name = f.read().strip()
                with open(f"/proc/{pid}/task/{tid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            key = "shell" if name == "falconet-shell" else "jit" if "CompilerThre" in name else "other"
            groups[key] += cpu
        return groups
    except Exception:
        return None


def run(kc, code):
    msg_id = kc.execute(code)
    while True:
        m = kc.get_iopub_msg(timeout=60)
        if (m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status"
                and m["content"]["execution_state"] == "idle"):
            return


t0 = time.perf_counter()
km = KernelManager(kernel_name="falconet")
km.start_kernel()
kc = km.client()
kc.start_channels()
kc.wait_for_ready(timeout=120)
ready = time.perf_counter() - t0
run(kc, "1 + 1")
first = time.perf_counter() - t0
for _ in range(20):
    run(kc, "1")
cpu_first = cpu_seconds(km)
threads_first = thread_cpu_seconds(km)
times = []
for _ in range(ROUNDS):
    a = time.perf_counter()
    run(kc, "1")
    times.append((time.perf_counter() - a) * 1000)
cpu_rounds = cpu_seconds(km)
threads_rounds = thread_cpu_seconds(km)
times.sort()
print(f"kernel ready (kernel_info answered): {ready:.2f} s")
print(f"kernel start to first result:        {first:.2f} s   (target < 3 s)")
print(f"trivial cell round trip, {ROUNDS} runs:  median {statistics.median(times):.1f} ms, "
      f"p10 {times[len(times) // 10]:.1f} ms, p90 {times[9 * len(times) // 10]:.1f} ms   (target median < 20 ms)")
if cpu_first is not None:
    print(f"kernel CPU time: {cpu_first:.2f} s up to the first result (+20 warm-up cells), "
          f"{1000 * (cpu_rounds - cpu_first) / ROUNDS:.1f} ms per trivial cell (all kernel threads)")
if threads_first is not None and threads_rounds is not None:
    per = {k: 1000 * (threads_rounds[k] - threads_first[k]) / ROUNDS for k in threads_first}
    print(f"  of which: shell thread (evaluates the cell) {per['shell']:.1f} ms, JIT compiler threads "
          f"{per['jit']:.1f} ms, other threads {per['other']:.1f} ms per cell")
print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
kc.stop_channels()
km.shutdown_kernel(now=False)
