namespace Recorder.Plugins.Sinks.Journal.Tests;
