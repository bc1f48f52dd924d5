namespace Pix2Pix.Gan.Options;

/// <summary>Test options: the reference's <c>test_options.py</c>. Test forces batch 1, no shuffle, no flip.</summary>
internal sealed class TestOptions : BaseOptions
{
    public TestOptions()
    {
        NumTest = int.MaxValue;
    }

    public string ResultsDir { get; set; } = "./results/";
    public float AspectRatio { get; set; } = 1.0f;
    public string Phase { get; set; } = "test";
    public bool Eval { get; set; }
    public int NumTest { get; set; }
    public string ModelSuffix { get; set; } = "";

    public static IReadOnlyList<OptionSpec> TestSpecs { get; } = new OptionTable<TestOptions>(BaseSpecs)
        .Add("results_dir", "saves results here", o => o.ResultsDir, (o, v) => o.ResultsDir = v)
        .Range(OptionRange.NotEmpty)
        .Add("aspect_ratio", "aspect ratio (width : height) of the saved result images: above 1 widens them, below 1 makes them taller (bicubic)", o => o.AspectRatio, (o, v) => o.AspectRatio = v)
        .Range(OptionRange.Between(0.0, 100.0, exclusiveMin: true))
        .Add("phase", "train, val, test, etc", o => o.Phase, (o, v) => o.Phase = v)
        .Range(OptionRange.PathPart())
        .Add("eval", "use eval mode during test time (BatchNorm running statistics, no dropout)", o => o.Eval, (o, v) => o.Eval = v)
        .Add("num_test", "how many test images to run (default: all images; the reference stops at 50)", o => o.NumTest, (o, v) => o.NumTest = v)
        .Range(OptionRange.Between(1, int.MaxValue, "default: all images"))
        .Add("model_suffix", "for --model test: load [epoch]_net_G[model_suffix] (e.g. _A to use G_A of a CycleGAN run)", o => o.ModelSuffix, (o, v) => o.ModelSuffix = v)
        .Range(OptionRange.PathPart(allowEmpty: true))
        .Specs;

    public override IReadOnlyList<OptionSpec> Specs => TestSpecs;

    /// <summary>Test options for a model trained with <paramref name="trained"/>: its shared flags, then the test overrides.</summary>
    public static TestOptions FromTraining(BaseOptions trained)
    {
        ArgumentNullException.ThrowIfNull(trained);
        var test = new TestOptions();
        trained.CopyBaseFlagsTo(test);
        test.ApplyTestOverrides();
        return test;
    }

    /// <summary>Test-time overrides of the reference: batch 1, serial, no flip, load size = crop size.</summary>
    public void ApplyTestOverrides()
    {
        BatchSize = 1;
        SerialBatches = true;
        NoFlip = true;
        LoadSize = CropSize;
    }
}
