global using Recorder.Tests.Shared;
global using Recorder.Windows.Etw.Etl;
