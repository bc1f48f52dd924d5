using System.CommandLine;

namespace Pix2Pix.Cli.Commands;

/// <summary>A command that only holds sub-commands (<c>pix2pix datasets …</c>, <c>pix2pix models …</c>).</summary>
internal static class CommandGroup
{
    public static Command Create(string name, string description, params Command[] subcommands)
    {
        var command = new Command(name, description);
        foreach (Command subcommand in subcommands)
            command.Subcommands.Add(subcommand);
        return command;
    }
}
