namespace Pix2Pix.Gan.Tests.Data.Support;

/// <summary>A fact that is skipped, saying where it looked, when a shared dataset folder is absent.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SharedDatasetFactAttribute : FactAttribute
{
    public SharedDatasetFactAttribute(params string[] parts)
    {
        if (DataTestPaths.SharedDataset(parts) is null)
        {
            string where = DataTestPaths.RepoRoot is null
                ? $"the repository root (Pix2Pix.slnx) was not found above {AppContext.BaseDirectory}"
                : $"looked under {Path.GetFullPath(Path.Combine(DataTestPaths.RepoRoot, "..", "shared", "datasets"))}";
            Skip = $"Shared dataset '{string.Join('/', parts)}' is absent ({where}); place the datasets at ../shared/datasets beside the repository to run this test.";
        }
    }
}
