using BenchmarkDotNet.Running;
using Pix2Pix.Benchmarks;

// `quick`: single-thread CPU-time kernel timings (robust on a shared machine); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "quick")
{
    QuickKernelTimer.Run();
    return;
}

// `quick-conv [--threads T] [--reps R] c:N,Cin,H,Cout,K,S,P | t:…`: the three passes of any convolution by CPU time.
if (args.Length > 0 && args[0] == "quick-conv")
{
    QuickConvTimer.Run(args[1..]);
    return;
}

// `checkpoint-load FILE... [ROUNDS]`: safetensors vs .pth read times, alternating.
if (args.Length > 0 && args[0] == "checkpoint-load")
{
    CheckpointLoadTimer.Run(args[1..]);
    return;
}

// `quick-winograd [REPS]`: stride-1 3×3 convolutions by im2col and by Winograd, alternating, by CPU time.
if (args.Length > 0 && args[0] == "quick-winograd")
{
    QuickWinogradTimer.Run(args[1..]);
    return;
}

// `quick-cyclegan [REPS]`: CycleGAN's non-Winograd convolutions (7×7 head and tail, stride-2, transposed), every pass, by CPU time.
if (args.Length > 0 && args[0] == "quick-cyclegan")
{
    QuickCycleGanTimer.Run(args[1..]);
    return;
}

// `quick-elementwise`: the elementwise kernels against the loops they replaced, alternating, by CPU time.
if (args.Length > 0 && args[0] == "quick-elementwise")
{
    QuickElementwiseTimer.Run();
    return;
}

// `onnx-inference [ROUNDS]`: our unet_256 eval forward against ONNX Runtime on its export, 1 and 2 threads, alternating.
if (args.Length > 0 && args[0] == "onnx-inference")
{
    OnnxInferenceTimer.Run(args[1..]);
    return;
}

// `ort-bench [--netG N] [--crop_size S] [--threads T] [--iters K] [--warmup W] [--json FILE]`: ONNX Runtime alone on an exported generator (tools/bench_side_by_side.py's third side).
if (args.Length > 0 && args[0] == "ort-bench")
{
    OrtBench.Run(args[1..]);
    return;
}

// `ort-profile [--netG N] [--threads T] [--iters K]`: ONNX Runtime's per-node kernel times on an exported generator.
if (args.Length > 0 && args[0] == "ort-profile")
{
    OrtBench.Profile(args[1..]);
    return;
}

// `infer-layers [ROUNDS] [THREADS]`: every layer of the unet_256 eval forward on 1 thread and on THREADS, alternating.
if (args.Length > 0 && args[0] == "infer-layers")
{
    InferenceLayerTimer.Run(args[1..]);
    return;
}

// `fold-ab [ROUNDS]`: the unet_256 eval forward with and without batch norms folded into the convolutions, alternating.
if (args.Length > 0 && args[0] == "fold-ab")
{
    InferenceLayerTimer.FoldAb(args[1..]);
    return;
}

// `translate-overhead FOLDER`: translate's per-image work besides the forward (decode, normalise, tensor2im, encode).
if (args.Length > 0 && args[0] == "translate-overhead")
{
    InferenceLayerTimer.TranslateOverhead(args[1..]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
