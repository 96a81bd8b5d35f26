namespace Recorder.Plugins.Sinks.Journal;
