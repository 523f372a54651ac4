using System.CommandLine;

namespace CrmReco.Worker.Common;

/// <summary>The writers of one invocation (its <see cref="InvocationConfiguration"/>): stdout and stderr when run
/// as a program, the caller's writers when run in-process, so concurrent runs never share a console.</summary>
internal static class CliOutput
{
    public static TextWriter Out(this ParseResult parse) => parse.InvocationConfiguration.Output;

    public static TextWriter Err(this ParseResult parse) => parse.InvocationConfiguration.Error;
}
