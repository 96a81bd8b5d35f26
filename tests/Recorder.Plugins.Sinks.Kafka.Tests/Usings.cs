global using Recorder.Contracts.Events;
global using Recorder.Contracts.Plugins;
global using Recorder.Plugins.Sinks.Sqlite.Tests.Support;
