using System.CommandLine;
using Pix2Pix.Gan.Downloads;

namespace Pix2Pix.Cli.Commands;

/// <summary><c>pix2pix models list</c>: every released model with its family, as the two download scripts name them.</summary>
internal static class ModelsListCommand
{
    public static Command Create()
    {
        var command = new Command("list", "Print every pretrained model name with its family (pix2pix or cycle_gan) and the architecture the reference runs it with.");
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            int width = ModelCatalog.All.Max(m => m.Name.Length);
            foreach (var model in ModelCatalog.All)
                output.WriteLine($"{model.Name.PadRight(width)}  {model.FamilyName,-9}  {model.Architecture}");
            return 0;
        });
        return command;
    }
}
