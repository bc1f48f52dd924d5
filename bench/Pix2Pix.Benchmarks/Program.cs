using BenchmarkDotNet.Running;
using Pix2Pix.Benchmarks;

// `quick`: single-thread CPU-time kernel timings (robust on a shared machine); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "quick")
{
    QuickKernelTimer.Run();
    return;
}

// `quick-elementwise`: the elementwise kernels against the loops they replaced, alternating, by CPU time.
if (args.Length > 0 && args[0] == "quick-elementwise")
{
    QuickElementwiseTimer.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
