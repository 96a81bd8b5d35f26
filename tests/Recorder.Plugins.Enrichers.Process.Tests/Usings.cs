namespace Recorder.Plugins.Enrichers.Process.Tests;
