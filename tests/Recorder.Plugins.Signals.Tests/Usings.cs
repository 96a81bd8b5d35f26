global using Recorder.Plugins.Collectors.LinuxAudit.Tests.Support;
global using Recorder.Plugins.Sinks.Sqlite.Tests.Support;
global using Recorder.Tests.Shared;
