#!/usr/bin/python3
"""OpenBLAS sgemm speed (through numpy) on square matrices, for docs/benchmarks.md beside `Pix2Pix.Benchmarks`' GEMM rows.

Usage: /usr/bin/python3 tools/bench_openblas_gemm.py [--sizes 1024 4096] [--threads 1 2] [--repeats 10]
Each thread count runs in a child process (OpenBLAS reads OPENBLAS_NUM_THREADS when it loads). Reports the best and
median time of --repeats products after one warm-up, and GFLOP/s = 2·n³ / best. Needs numpy linked to OpenBLAS
(Debian: apt-get install libopenblas0-pthread); the script prints which BLAS numpy uses.
"""
import argparse
import json
import os
import subprocess
import sys
import time


def child(size, repeats):
    import numpy as np
    rng = np.random.default_rng(1)
    a = rng.uniform(-1, 1, (size, size)).astype(np.float32)
    b = rng.uniform(-1, 1, (size, size)).astype(np.float32)
    c = np.empty((size, size), dtype=np.float32)
    np.matmul(a, b, out=c)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        np.matmul(a, b, out=c)
        times.append(time.perf_counter() - start)
    times.sort()
    print(json.dumps({"best_s": times[0], "median_s": times[len(times) // 2]}))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1024, 4096])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.repeats)
        return
    import numpy as np
    config = np.__config__.get_info("blas_opt_info") if hasattr(np.__config__, "get_info") else {}
    print(f"numpy {np.__version__}, BLAS: {config.get('libraries', 'see numpy.show_config()')}")
    print("| size | threads | best ms | median ms | GFLOP/s (best) |")
    print("|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        for threads in args.threads:
            env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
            out = subprocess.run([sys.executable, __file__, "--child", str(size), "--repeats", str(args.repeats)],
                                 env=env, check=True, capture_output=True, text=True).stdout
            r = json.loads(out.strip().splitlines()[-1])
            gflops = 2.0 * size ** 3 / r["best_s"] / 1e9
            print(f"| {size} | {threads} | {r['best_s'] * 1e3:.1f} | {r['median_s'] * 1e3:.1f} | {gflops:.1f} |")


if __name__ == "__main__":
    main()
