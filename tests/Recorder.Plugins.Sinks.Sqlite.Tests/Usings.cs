namespace Recorder.Plugins.Sinks.Sqlite.Tests;
