using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Pix2Pix.Benchmarks;

/// <summary>
/// Short in-process runs (the machine is shared: few iterations, medians reported) with a GFLOP/s column computed
/// from the median and the benchmark type's static <c>FlopsOf(string method, ParameterInstances parameters)</c>.
/// </summary>
public sealed class KernelBenchmarkConfig : ManualConfig
{
    public KernelBenchmarkConfig()
    {
        AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("short-inprocess"));
        AddColumn(StatisticColumn.Median, new GflopsColumn());
    }
}

/// <summary>2 · multiply-adds / median time, in GFLOP/s.</summary>
public sealed class GflopsColumn : IColumn
{
    public string Id => nameof(GflopsColumn);

    public string ColumnName => "GFLOP/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Floating-point operations (2 per multiply-add) per second, from the median time";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var stats = summary[benchmarkCase]?.ResultStatistics;
        MethodInfo? flopsOf = benchmarkCase.Descriptor.Type.GetMethod("FlopsOf", BindingFlags.Public | BindingFlags.Static);
        if (stats is null || flopsOf is null)
            return "-";
        double flops = (double)flopsOf.Invoke(null, [benchmarkCase.Descriptor.WorkloadMethod.Name, benchmarkCase.Parameters])!;
        return (flops / stats.Median).ToString("F1", System.Globalization.CultureInfo.InvariantCulture); // flop per ns = GFLOP/s
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
