using System.Net;
using System.Net.Sockets;

namespace Pix2Pix.Cli.Tests.Dashboard;

/// <summary><c>pix2pix serve</c>'s command line: refused flags and a port it cannot have.</summary>
public class ServeCommandTests
{
    [Fact]
    public void A_port_out_of_range_or_a_short_token_is_a_wrong_command_line()
    {
        var port = DatasetsCli.Run("serve", "--port", "70000");
        Assert.Equal(2, port.Exit);
        Assert.Contains("--port 70000 is not a port", port.Error, StringComparison.Ordinal);
        var token = DatasetsCli.Run("serve", "--token", "short");
        Assert.Equal(2, token.Exit);
        Assert.Contains("--token must be at least 8 characters", token.Error, StringComparison.Ordinal);
        var host = DatasetsCli.Run("serve", "--host", "no such host name.invalid", "--port", "0");
        Assert.Equal(1, host.Exit);
        Assert.Contains("--host", host.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_taken_port_stops_serve_with_a_message_that_names_the_port()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var result = DatasetsCli.Run("serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, result.Exit);
        Assert.Contains($"cannot listen on 127.0.0.1:{port}", result.Error, StringComparison.Ordinal);
        Assert.Contains("Choose another --port", result.Error, StringComparison.Ordinal);
    }
}
