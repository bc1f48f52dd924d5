namespace Pix2Pix.Imaging.Tests.Support;

/// <summary>
/// A <see cref="FactAttribute"/> that skips (with a message saying what is missing and where it was looked for)
/// when a dataset folder under ../shared/datasets is absent. Usage: <c>[DatasetFact("facades", "train")]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class DatasetFactAttribute : FactAttribute
{
    public DatasetFactAttribute(params string[] relativePath)
    {
        RelativePath = relativePath;
        if (RepoPaths.DatasetOrNull(relativePath) is null)
            Skip = SkipMessage(relativePath);
    }

    public IReadOnlyList<string> RelativePath { get; }

    internal static string SkipMessage(string[] relativePath)
    {
        string wanted = Path.Combine(["datasets", .. relativePath]);
        string where = RepoPaths.RootOrNull is null
            ? $"the repository root (Pix2Pix.slnx) was not found above {AppContext.BaseDirectory}"
            : $"looked in {RepoPaths.Datasets}";
        return $"Dataset '{wanted}' is absent ({where}); put the shared datasets at ../shared/datasets beside the repository to run this test.";
    }
}

/// <summary>A <see cref="TheoryAttribute"/> that skips like <see cref="DatasetFactAttribute"/> when the data is absent.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class DatasetTheoryAttribute : TheoryAttribute
{
    public DatasetTheoryAttribute(params string[] relativePath)
    {
        RelativePath = relativePath;
        if (RepoPaths.DatasetOrNull(relativePath) is null)
            Skip = DatasetFactAttribute.SkipMessage(relativePath);
    }

    public IReadOnlyList<string> RelativePath { get; }
}
