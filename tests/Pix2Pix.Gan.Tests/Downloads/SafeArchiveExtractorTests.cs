using Pix2Pix.Gan.Downloads;

namespace Pix2Pix.Gan.Tests.Downloads;

public sealed class SafeArchiveExtractorTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("\\windows\\evil.dll")]
    [InlineData("C:/evil.txt")]
    [InlineData("../evil.txt")]
    [InlineData("a/../../evil.txt")]
    [InlineData("a\\..\\..\\evil.txt")]
    public void Entries_that_escape_the_folder_are_refused(string name)
    {
        string root = _temp.Path + Path.DirectorySeparatorChar;
        var ex = Assert.Throws<DatasetDownloadException>(() => SafeArchiveExtractor.ResolveInside(root, name));
        Assert.Contains(name, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a/b.txt", "a/b.txt")]
    [InlineData("a/../b.txt", "b.txt")]
    [InlineData("./a/./b.txt", "a/b.txt")]
    public void Entries_that_stay_inside_resolve_below_the_folder(string name, string expected)
    {
        string root = _temp.Path + Path.DirectorySeparatorChar;
        Assert.Equal(Path.Combine(_temp.Path, expected), SafeArchiveExtractor.ResolveInside(root, name));
    }

    [Fact]
    public void A_tar_symlink_pointing_outside_is_refused()
    {
        File.WriteAllBytes(_temp["x.tar.gz"], TestArchives.TarGz(("data/link", null, "../../../etc")));

        var ex = Assert.Throws<DatasetDownloadException>(() => SafeArchiveExtractor.ExtractTarGz(_temp["x.tar.gz"], _temp["out"]));

        Assert.Contains("link", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["out", "x.tar.gz"], _temp.Listing());
    }

    [Fact]
    public void A_tar_symlink_with_an_absolute_target_is_refused()
    {
        File.WriteAllBytes(_temp["x.tar.gz"], TestArchives.TarGz(("data/link", null, "/etc/passwd")));
        Assert.Throws<DatasetDownloadException>(() => SafeArchiveExtractor.ExtractTarGz(_temp["x.tar.gz"], _temp["out"]));
    }

    [Fact]
    public void A_tar_symlink_inside_the_folder_is_skipped_not_created()
    {
        File.WriteAllBytes(_temp["x.tar.gz"], TestArchives.TarGz(("data/a.txt", "a", null), ("data/link", null, "a.txt")));

        int files = SafeArchiveExtractor.ExtractTarGz(_temp["x.tar.gz"], _temp["out"]);

        Assert.Equal(1, files);
        Assert.Equal(["out", "out/data", "out/data/a.txt", "x.tar.gz"], _temp.Listing());
    }

    [Fact]
    public void A_zip_symlink_pointing_outside_is_refused()
    {
        File.WriteAllBytes(_temp["x.zip"], TestArchives.ZipWithSymlink("data/link", "../../outside"));

        Assert.Throws<DatasetDownloadException>(() => SafeArchiveExtractor.ExtractZip(_temp["x.zip"], _temp["out"]));
        Assert.Equal(["out", "x.zip"], _temp.Listing());
    }

    [Fact]
    public void A_corrupt_archive_gives_a_clear_error()
    {
        File.WriteAllText(_temp["x.tar.gz"], "this is not gzip");
        File.WriteAllText(_temp["x.zip"], "this is not zip");

        Assert.Contains("damaged", Assert.Throws<DatasetDownloadException>(() => SafeArchiveExtractor.ExtractTarGz(_temp["x.tar.gz"], _temp["a"])).Message, StringComparison.Ordinal);
        Assert.Contains("damaged", Assert.Throws<DatasetDownloadException>(() => SafeArchiveExtractor.ExtractZip(_temp["x.zip"], _temp["b"])).Message, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}
