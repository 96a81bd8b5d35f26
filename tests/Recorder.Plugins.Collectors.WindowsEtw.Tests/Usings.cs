global using Recorder.Tests.Shared;
