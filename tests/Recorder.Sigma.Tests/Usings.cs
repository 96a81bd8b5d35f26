global using Recorder.Sigma;
global using Recorder.Tests.Shared;
