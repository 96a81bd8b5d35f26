namespace Recorder.Plugins.Sinks.Sqlite;
