namespace Recorder.Plugins.Enrichers.Process;
