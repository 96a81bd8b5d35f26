namespace Recorder.Contracts.Tests;
