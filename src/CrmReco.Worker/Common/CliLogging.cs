using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace CrmReco.Worker.Common;

/// <summary>The logs of a verb's one-off services (<c>job run</c>, the email verbs) on the invocation's error
/// writer, in the console logger's single-line format: the same lines as <c>AddSimpleConsole</c> on stderr, but two
/// runs in one process never write to each other's output.</summary>
internal static class CliLogging
{
    public static ILoggingBuilder AddInvocationError(this ILoggingBuilder logging, bool includeScopes = false)
    {
        var invocation = CliInvocation.Current;
        // The simple console formatter (registered with the console provider, which is then taken out: it writes
        // to the process's console from a background thread).
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.IncludeScopes = includeScopes;
            if (!invocation.ErrorIsConsole)
            {
                o.ColorBehavior = LoggerColorBehavior.Disabled;
            }
        });
        foreach (var console in logging.Services.Where(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider)).ToList())
        {
            logging.Services.Remove(console);
        }

        logging.Services.AddSingleton<ILoggerProvider>(services => new WriterLoggerProvider(
            invocation.Error, services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Simple)));
        return logging;
    }

    /// <summary>Formats each entry as the console logger does, then writes it at once (under the writer's lock), so
    /// every line is on the writer when the verb returns.</summary>
    private sealed class WriterLoggerProvider(TextWriter writer, ConsoleFormatter formatter) : ILoggerProvider, ISupportExternalScope
    {
        private readonly TextWriter _writer = writer;
        private readonly ConsoleFormatter _formatter = formatter;
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ILogger CreateLogger(string categoryName) => new WriterLogger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
            lock (_writer)
            {
                _writer.Flush();
            }
        }

        private sealed class WriterLogger(WriterLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => provider._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (!IsEnabled(logLevel))
                {
                    return;
                }

                using var line = new StringWriter(CultureInfo.InvariantCulture);
                provider._formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), provider._scopes, line);
                if (line.GetStringBuilder().Length == 0)
                {
                    return;
                }

                lock (provider._writer)
                {
                    provider._writer.Write(line.ToString());
                }
            }
        }
    }
}
