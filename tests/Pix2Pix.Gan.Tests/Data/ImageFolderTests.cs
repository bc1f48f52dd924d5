using Pix2Pix.Gan.Data;
using Pix2Pix.Gan.Tests.Data.Support;

namespace Pix2Pix.Gan.Tests.Data;

public class ImageFolderTests
{
    [Theory]
    [InlineData("a.jpg", true)]
    [InlineData("a.JPEG", true)]
    [InlineData("a.Png", true)]
    [InlineData("a.ppm", true)]
    [InlineData("a.BMP", true)]
    [InlineData("a.tif", true)]
    [InlineData("a.TIFF", true)]
    [InlineData("a.gif", false)]
    [InlineData("a.webp", false)]
    [InlineData("a.txt", false)]
    [InlineData("jpg", false)]
    public void Image_files_are_recognised_by_extension_in_any_case(string name, bool expected)
    {
        Assert.Equal(expected, ImageFolder.IsImageFile(name));
    }

    [Fact]
    public void Scan_is_recursive_sorted_ordinally_and_skips_other_files()
    {
        using var temp = new TempFolder();
        foreach (string rel in new[] { "b.png", "a.jpg", "B.png", "sub/z.bmp", "sub/a.txt", "a0.PNG", "sub/deeper/c.tif" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(temp.Sub(rel))!);
            File.WriteAllBytes(temp.Sub(rel), [0]);
        }
        var files = ImageFolder.Scan(temp.Path).Select(p => Path.GetRelativePath(temp.Path, p).Replace('\\', '/')).ToArray();
        Assert.Equal(new[] { "B.png", "a.jpg", "a0.PNG", "b.png", "sub/deeper/c.tif", "sub/z.bmp" }, files);
    }

    [Fact]
    public void Scan_keeps_the_first_max_dataset_size_files_in_sorted_order()
    {
        using var temp = new TempFolder();
        foreach (string name in new[] { "3.png", "1.png", "2.png", "0.png" })
            File.WriteAllBytes(temp.Sub(name), [0]);
        var files = ImageFolder.Scan(temp.Path, 2).Select(Path.GetFileName).ToArray();
        Assert.Equal(new[] { "0.png", "1.png" }, files);
    }

    [Fact]
    public void Scan_of_a_missing_folder_names_the_folder()
    {
        string missing = Path.Combine(Path.GetTempPath(), "pix2pix-no-such-folder-" + Guid.NewGuid().ToString("N"));
        var ex = Assert.Throws<DataException>(() => ImageFolder.Scan(missing));
        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
    }
}
