#!/usr/bin/env python3
"""Start-up of xhs as users run it, native beside JIT, in one run (alternating, medians).

  benchmarks/scripts/startup.py NATIVE_XHS JIT_XHS_DLL [RUNS]

For each build: `xhs search` on the embedded sandbox, from process start to the first result line on
stdout; and `xhs mcp`, from process start to the answer to tools/list (after initialize). The two
builds alternate run by run, so the shared machine's slow phases fall on both.
"""
import json, statistics, subprocess, sys, time

def first_result(cmd):
    start = time.perf_counter()
    p = subprocess.Popen(cmd + ["search", "穿搭", "--format", "csv"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    p.stdout.readline()              # the CSV header
    p.stdout.readline()              # the first user
    elapsed = time.perf_counter() - start
    p.wait()
    return elapsed

def tools_list(cmd):
    start = time.perf_counter()
    p = subprocess.Popen(cmd + ["mcp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    send = lambda m: (p.stdin.write((json.dumps(m) + "\n").encode()), p.stdin.flush())
    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}}})
    while json.loads(p.stdout.readline()).get("id") != 1:
        pass
    send({"jsonrpc": "2.0", "method": "notifications/initialized"})
    send({"jsonrpc": "2.0", "id": 2, "method": "tools/list"})
    while True:
        message = json.loads(p.stdout.readline())
        if message.get("id") == 2:
            break
    elapsed = time.perf_counter() - start
    p.stdin.close(); p.terminate(); p.wait()
    return elapsed

def main():
    native, jit = [sys.argv[1]], ["dotnet", sys.argv[2]]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    results = {}
    for name, measure in (("search, first result", first_result), ("mcp, tools/list answered", tools_list)):
        for build, cmd in (("native", native), ("jit", jit)):
            measure(cmd)             # warm the file cache
        samples = {"native": [], "jit": []}
        for _ in range(runs):
            for build, cmd in (("native", native), ("jit", jit)):
                samples[build].append(measure(cmd) * 1000)
        results[name] = samples
    print(f"| measure ({runs} runs each, alternating) | native median | native p90 | JIT median | JIT p90 |")
    print("|---|---:|---:|---:|---:|")
    for name, samples in results.items():
        q = lambda s: (statistics.median(s), sorted(s)[int(0.9 * (len(s) - 1))])
        n, j = q(samples["native"]), q(samples["jit"])
        print(f"| {name} | {n[0]:.0f} ms | {n[1]:.0f} ms | {j[0]:.0f} ms | {j[1]:.0f} ms |")

main()
